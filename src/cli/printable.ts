/**
 * Text from outside the program (an argument, a file name, a file's contents) for a one-line
 * message: control characters (and the Unicode line and paragraph separators) escaped as \uXXXX,
 * and cut to `max` characters (default 40), so that nothing untrusted can break the message over
 * lines, redraw the terminal, or make the message as long as itself.
 */
export function printable(text: string, max = 40): string {
  const chars = Array.from(text.length > 5 * max ? text.slice(0, 5 * max) : text);
  return escape(chars.length > max ? `${chars.slice(0, max - 3).join('')}...` : chars.join(''));
}

/**
 * A file name for a one-line message, as `printable` makes it, but cut in the middle to at most
 * 100 characters: the start says where, the end which file.
 */
export function printablePath(path: string): string {
  const chars = Array.from(path);
  return escape(chars.length <= 100 ? path : `${chars.slice(0, 44).join('')}...${chars.slice(-53).join('')}`);
}

function escape(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
