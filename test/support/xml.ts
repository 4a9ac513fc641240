/**
 * A small well-formedness check for the SVG pictures (no XML parser among the dependencies):
 * every tag closes in order, attributes are quoted, and text holds no raw `<` or bare `&`.
 * Returns the element names in document order.
 */
export function checkWellFormed(xml: string): string[] {
  const names: string[] = [];
  const open: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    checkText(xml.slice(last, m.index));
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing === '/') {
      const top = open.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top ?? 'nothing'}>`);
    } else {
      names.push(name);
      if (selfClosing !== '/') open.push(name);
    }
  }
  checkText(xml.slice(last));
  if (open.length > 0) throw new Error(`unclosed <${open.join('>, <')}>`);
  return names;
}

function checkText(text: string): void {
  if (text.includes('<')) throw new Error(`a stray '<' or a malformed tag near: ${text.slice(text.indexOf('<'), text.indexOf('<') + 60)}`);
  const amp = /&(?!(amp|lt|gt|quot|apos|#\d+);)/.exec(text);
  if (amp !== null) throw new Error(`a bare '&' near: ${text.slice(amp.index, amp.index + 30)}`);
}
