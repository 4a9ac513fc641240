import { describe, expect, it } from 'vitest';
import { Progress } from '../../src/cli/progress.js';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}

describe('Progress', () => {
  it('off a terminal, prints a plain line at the first step, every tenth of the run and the last', () => {
    const { writes, stream } = sink(false);
    const p = new Progress(stream, 100, false);
    for (let k = 1; k <= 100; k++) p.update(k, 1 / k, k / 100);
    p.finish();
    expect(writes).toHaveLength(11);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r') && !w.includes('\x1b'))).toBe(true);
    expect(writes[0]).toBe('  step   1/100  loss 1.000000  accuracy 1.0%\n');
    expect(writes[10]).toBe('  step 100/100  loss 0.010000  accuracy 100.0%\n');
  });

  it('on a terminal, redraws one line with a bar, and ends it with a newline', () => {
    const { writes, stream } = sink(true);
    const p = new Progress(stream, 4, false);
    for (let k = 1; k <= 4; k++) p.update(k, 0.5, 0.75);
    p.finish();
    expect(writes).toHaveLength(5);
    expect(writes[1]).toBe('\r\x1b[2K  [############............] step 2/4  loss 0.500000  accuracy 75.0%');
    expect(writes[3]).toContain('[########################]');
    expect(writes[4]).toBe('\n');
  });

  it('quiet, prints nothing at all', () => {
    for (const tty of [true, false]) {
      const { writes, stream } = sink(tty);
      const p = new Progress(stream, 10, true);
      for (let k = 1; k <= 10; k++) p.update(k, 1, 1);
      p.finish();
      expect(writes).toEqual([]);
    }
  });
});
