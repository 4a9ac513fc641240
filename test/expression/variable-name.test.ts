import { describe, expect, it } from 'vitest';
import { isNamePart, isNameStart, nameHint, variableNameProblem } from '../../src/expression/variable-name.js';

const GENERIC = 'a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _';

describe('variable names', () => {
  it('isNameStart() takes a-z, A-Z, _ and the Greek letters of names, at both ends of each range', () => {
    const yes = 'azAZ_αωςβΓΔΘΛΞΠΣΦΨΩ';
    const no = '09`{@[^ ΑΟοϕµéх΢Ϊΐΰ\u0000';
    for (const c of yes) expect(isNameStart(c.charCodeAt(0)), c).toBe(true);
    for (const c of no) expect(isNameStart(c.charCodeAt(0)), c).toBe(false);
    expect(isNameStart(NaN)).toBe(false); // charCodeAt past the end
  });

  it('isNamePart() takes what isNameStart() takes and the digits 0-9, nothing around them', () => {
    for (const c of '09aZ_θ') expect(isNamePart(c.charCodeAt(0)), c).toBe(true);
    for (const c of '/:²₁٣ ') expect(isNamePart(c.charCodeAt(0)), c).toBe(false);
  });

  it.each([
    ['x', undefined], ['w_1', undefined], ['θ', undefined], ['Δσ_2', undefined], ['exp', undefined], ['_', undefined],
    ['', ''], ['1x', ''], ['x y', ''], ['x-y', ''], ['x²', ''], ['_1é', GENERIC], ['xé', GENERIC], ['é', GENERIC],
    ['xΑ', "this Greek letter looks like the Latin 'A'; write 'A'"], ['Χ', "this Greek letter looks like the Latin 'X'; write 'X'"],
    ['ο', "this Greek letter looks like the Latin 'o'; write 'o'"], ['ϐ', "names use the Greek letter 'β' (U+03B2) for it"],
    ['a\u2126', "names use the Greek letter 'Ω' (U+03A9) for it"], ['x𝑥', GENERIC], ['1é', ''],
  ])('variableNameProblem(%j) is %j', (name, problem) => {
    expect(variableNameProblem(name)).toBe(problem);
  });

  it('nameHint() gives nothing for a character of names or one that is no letter, mark or digit', () => {
    for (const c of ['x', '7', '_', 'λ', '+', ' ', '²', '😀']) expect(nameHint(c), c).toBeUndefined();
    expect(nameHint('\u0302')).toBe(GENERIC);
    expect(nameHint('٣')).toBe(GENERIC);
  });
});
