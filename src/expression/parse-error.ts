/**
 * A syntax error in an expression given to `parseExpression`: a one-line message that says where
 * (`column`, counted in characters from 1) and what was expected there.
 *
 * @example
 * try { parseExpression('tanh(x))'); } catch (e) { e.message; } // "unexpected ')' at column 8: ..."
 */
export class ParseError extends SyntaxError {
  /** The column of the offending character (1 for the first; the input's length + 1 for its end). */
  readonly column: number;
  constructor(message: string, column: number) {
    super(message);
    this.name = 'ParseError';
    this.column = column;
  }
}
