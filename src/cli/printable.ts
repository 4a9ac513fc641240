/**
 * Text from the command line, for a one-line message: control characters (and the Unicode line
 * and paragraph separators) escaped as \uXXXX, and cut to 40 characters, so that no argument can
 * break the message over lines or make it as long as itself.
 */
export function printable(text: string): string {
  const chars = Array.from(text.length > 200 ? text.slice(0, 200) : text);
  const short = chars.length > 40 ? `${chars.slice(0, 37).join('')}...` : chars.join('');
  return short.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
