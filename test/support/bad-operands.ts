/** Values that are not numbers or Values, each with what its TypeError must show. */
export const BAD_OPERANDS: readonly [unknown, RegExp][] = [
  ['3', /string "3"/],
  [undefined, /undefined/],
  [null, /null/],
  [{ data: 3 }, /an object/],
  [3n, /bigint 3n/],
  [true, /boolean true/],
  [[1], /an array/],
];
