import { describe, expect, it } from 'vitest';
import { printable, printablePath } from '../../src/cli/printable.js';

describe('printable()', () => {
  it('printable() escapes control characters and line separators, so a message stays one line', () => {
    expect(printable('a\u0000b\u009fc')).toBe('a\\u0000b\\u009fc');
    expect(printable('a\nb\u2028c')).toBe('a\\u000ab\\u2028c');
  });

  it('printable() cuts long text to 40 characters, without splitting a character in two', () => {
    expect(printable('x'.repeat(40))).toBe('x'.repeat(40));
    expect(printable('x'.repeat(50))).toBe(`${'x'.repeat(37)}...`);
    expect(printable('-'.repeat(100_000))).toBe(`${'-'.repeat(37)}...`);
    expect(printable('😀'.repeat(50))).toBe(`${'😀'.repeat(37)}...`);
  });

  it('printable(text, max) cuts to max characters instead', () => {
    expect(printable('y'.repeat(160), 160)).toBe('y'.repeat(160));
    expect(printable('y'.repeat(161), 160)).toBe(`${'y'.repeat(157)}...`);
  });
});

describe('printablePath()', () => {
  it('printablePath() keeps a path of up to 100 characters whole, control characters escaped', () => {
    expect(printablePath(`/tmp/${'p'.repeat(95)}`)).toBe(`/tmp/${'p'.repeat(95)}`);
    expect(printablePath('out/a\u001b[2J\nb.svg')).toBe('out/a\\u001b[2J\\u000ab.svg');
  });

  it('printablePath() cuts a longer path in the middle to 100 characters, keeping its start and its file name', () => {
    const shown = printablePath(`/home/${'d'.repeat(100_000)}/model.json`);
    expect(shown).toBe(`/home/${'d'.repeat(38)}...${'d'.repeat(42)}/model.json`);
    expect(shown).toHaveLength(100);
  });
});
