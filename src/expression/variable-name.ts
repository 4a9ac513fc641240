/**
 * The characters of variable names, shared by `parseExpression` and the CLI's `name=value`
 * arguments so that both accept the same names: a Latin letter (a-z, A-Z), a Greek letter or `_`,
 * then letters, digits 0-9 or `_`. Of the Greek letters, those drawn exactly like a Latin one
 * (Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ and ο) are refused, and so are the variant forms (ϕ, ϵ, ϑ, ...) and
 * the micro and ohm signs, each with the letter to write instead: two names that look the same
 * must be the same name. No other script is read, so no Cyrillic 'х' passes for an 'x'.
 */

// The Greek letters of names: α-ω (ς included) but omicron, and the capitals unlike any Latin one.
const GREEK = 'αβγδεζηθικλμνξπρςστυφχψωΓΔΘΛΞΠΣΦΨΩ';
// Greek letters drawn like a Latin one, and that Latin letter.
const LOOKALIKES = 'ΑΒΕΖΗΙΚΜΝΟΡΤΥΧο';
const LATIN_TWINS = 'ABEZHIKMNOPTYXo';
// Variant forms of Greek letters (and the signs that are Greek letters), and the letter names use.
const VARIANTS = 'ϐϑϕϖϰϱϵϴ\u00b5\u2126';
const VARIANT_OF = 'βθφπκρεΘμΩ';

/** @internal Whether the character code `c` may start a name: a letter of names, or `_`. */
export function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || GREEK.includes(String.fromCharCode(c));
}

/** @internal Whether the character code `c` may continue a name: a letter of names, a digit 0-9 or `_`. */
export function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

/**
 * @internal Why `name` is not a variable name (function names pass: this checks characters only):
 * undefined if it is one, else what `nameHint` says of its first character out of place, or ''.
 */
export function variableNameProblem(name: string): string | undefined {
  if (name === '') return '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (i === 0 ? !isNameStart(c) : !isNamePart(c)) return nameHint(String.fromCodePoint(name.codePointAt(i) as number)) ?? '';
  }
  return undefined;
}

/**
 * @internal What to write instead of the character `char` (one code point) in a name, if it is a
 * letter, a mark or a digit that names do not take; undefined for anything else (a character of
 * names included).
 */
export function nameHint(char: string): string | undefined {
  if (isNamePart(char.charCodeAt(0))) return undefined;
  const lookalike = LOOKALIKES.indexOf(char);
  if (lookalike >= 0) return `this Greek letter looks like the Latin '${LATIN_TWINS[lookalike] as string}'; write '${LATIN_TWINS[lookalike] as string}'`;
  const variant = VARIANTS.indexOf(char);
  if (variant >= 0) {
    const letter = VARIANT_OF[variant] as string;
    return `names use the Greek letter '${letter}' (U+${letter.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) for it`;
  }
  if (/[\p{L}\p{M}\p{Nd}]/u.test(char)) return 'a name is Latin letters a-z A-Z, Greek letters α-ω (but ο) and Γ Δ Θ Λ Ξ Π Σ Φ Ψ Ω, digits 0-9 and _';
  return undefined;
}
