import { describe, expect, it } from 'vitest';
import { StatusLine } from '../../src/cli/status-line.js';

function sink(isTTY: boolean | undefined) {
  const writes: string[] = [];
  return { writes, stream: isTTY === undefined ? { write: (s: string) => writes.push(s) } : { isTTY, write: (s: string) => writes.push(s) } };
}

describe('StatusLine', () => {
  it('redraws on a terminal only: a sink without isTTY is not one', () => {
    expect(new StatusLine(sink(true).stream).redraws).toBe(true);
    expect(new StatusLine(sink(false).stream).redraws).toBe(false);
    expect(new StatusLine(sink(undefined).stream).redraws).toBe(false);
  });

  it('redraw() clears the line and writes over it; end(true) then keeps it and moves to the next line', () => {
    const { writes, stream } = sink(true);
    const line = new StatusLine(stream);
    line.redraw('a');
    line.redraw('b');
    line.end(true);
    line.end(true); // nothing drawn since: nothing to end
    expect(writes).toEqual(['\r\x1b[2K  a', '\r\x1b[2K  b', '\n']);
  });

  it('end(false) clears a redrawn line', () => {
    const { writes, stream } = sink(true);
    const line = new StatusLine(stream);
    line.redraw('50%');
    line.end(false);
    expect(writes).toEqual(['\r\x1b[2K  50%', '\r\x1b[2K']);
  });

  it('print() writes a line of its own, and end() after it writes nothing', () => {
    const { writes, stream } = sink(false);
    const line = new StatusLine(stream);
    line.print('step 1');
    line.end(true);
    line.end(false);
    expect(writes).toEqual(['  step 1\n']);
  });
});
