import { describe, expect, it } from 'vitest';
import { DRAWING_QUIET_MS, DrawingProgress } from '../../src/cli/drawing-progress.js';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } };
}

/** A clock the test moves by hand. */
function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('DrawingProgress', () => {
  it('prints nothing for a drawing that ends within the first second', () => {
    for (const tty of [true, false]) {
      const { writes, stream } = sink(tty);
      const c = clock();
      const p = new DrawingProgress(stream, 'the picture', false, c.now);
      for (let row = 1; row <= 100; row++) {
        c.advance((DRAWING_QUIET_MS - 1) / 100);
        p.update(row, 100);
      }
      p.finish();
      expect(writes).toEqual([]);
    }
  });

  it('off a terminal, after the first second prints a line, then one per quarter', () => {
    const { writes, stream } = sink(false);
    const c = clock();
    const p = new DrawingProgress(stream, 'the picture', false, c.now);
    for (let row = 1; row <= 200; row++) {
      c.advance(20);
      p.update(row, 200);
    }
    p.finish();
    // 50 rows pass in the first second (20 ms each): the first line is at row 50, 25%.
    expect(writes).toEqual([
      '  drawing the picture: 25% (50 of 200 rows)\n',
      '  drawing the picture: 50% (100 of 200 rows)\n',
      '  drawing the picture: 75% (150 of 200 rows)\n',
    ]);
  });

  it('on a terminal, redraws one line after the first second and clears it at the end', () => {
    const { writes, stream } = sink(true);
    const c = clock();
    const p = new DrawingProgress(stream, 'the picture', false, c.now);
    p.update(1, 4);
    c.advance(DRAWING_QUIET_MS);
    p.update(2, 4);
    p.update(3, 4);
    p.update(4, 4);
    p.finish();
    expect(writes).toEqual(['\r\x1b[2K  drawing the picture: 50% (2 of 4 rows)', '\r\x1b[2K  drawing the picture: 75% (3 of 4 rows)', '\r\x1b[2K']);
  });

  it('quiet, prints nothing however long the drawing takes', () => {
    for (const tty of [true, false]) {
      const { writes, stream } = sink(tty);
      const c = clock();
      const p = new DrawingProgress(stream, 'the picture', true, c.now);
      for (let row = 1; row <= 10; row++) {
        c.advance(DRAWING_QUIET_MS);
        p.update(row, 10);
      }
      p.finish();
      expect(writes).toEqual([]);
    }
  });
});
