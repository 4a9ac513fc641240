/**
 * @internal Text made safe for a Graphviz HTML-like label (`label=<...>`): the markup characters
 * become entities, and what XML cannot carry (control characters, lone surrogates, U+FFFE and
 * U+FFFF) is shown as a visible escape such as `\n` or `\uD800`, so no label can end the label,
 * the attribute list or the statement it sits in, nor make Graphviz reject the file.
 *
 * @example
 * htmlEscape('a<b "]; evil [\n'); // 'a&lt;b &quot;]; evil [\\n'
 */
export function htmlEscape(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let replacement: string | undefined;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      i++; // a valid pair: kept as it is
      continue;
    }
    if (c === 0x26) replacement = '&amp;';
    else if (c === 0x3c) replacement = '&lt;';
    else if (c === 0x3e) replacement = '&gt;';
    else if (c === 0x22) replacement = '&quot;';
    else if (c === 0x27) replacement = '&#39;';
    else if (c === 0x0a) replacement = '\\n';
    else if (c === 0x0d) replacement = '\\r';
    else if (c === 0x09) replacement = '\\t';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      replacement = `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    }
    if (replacement !== undefined) {
      out += text.slice(from, i) + replacement;
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
