import { describe, expect, it } from 'vitest';
import { printable } from '../../src/cli/printable.js';

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
});
