import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPS, type OpName } from '../../../src/engine/core/ops.js';

/** docs/semantics.md's paragraph on skipping zero gradients, as one line. */
const paragraph = readFileSync(new URL('../../../docs/semantics.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

/** The op names of a list written "a, b, c and d". */
function names(list: string): string[] {
  return list.split(/, | and /).map((n) => n.trim()).sort();
}

function opsWith(skip: string): string[] {
  return (Object.keys(OPS) as OpName[]).filter((name) => OPS[name].zeroSkip === skip).sort();
}

describe("docs/semantics.md's zero-skipping lists", () => {
  it('name exactly the ops the table skips always, skips where the slopes are finite, and never skips', () => {
    const always = /it applies to (.*?) \(whose local derivatives are constants\) always/.exec(paragraph)?.[1];
    const finite = /always, and to (.*?) \(each op's `zeroSkip` in core\/ops\.ts\) only where/.exec(paragraph)?.[1];
    const never = /Division, pow, (.*?) and custom ops are never skipped/.exec(paragraph)?.[1];
    expect(always, 'the "always" list').toBeDefined();
    expect(finite, 'the "where finite" list').toBeDefined();
    expect(never, 'the "never" list').toBeDefined();
    expect(names(always as string)).toEqual(opsWith('constant'));
    expect(names(finite as string)).toEqual(opsWith('values'));
    expect(['div', 'pow', ...(never as string).split(', ')].sort()).toEqual(opsWith('never'));
  });
});
