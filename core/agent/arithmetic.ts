/**
 * A safe arithmetic evaluator for the `math.eval` tool: numbers (with decimals),
 * + - * /, parentheses and unary minus, by recursive descent. It never calls `eval`
 * or `Function`; anything else in the input is an error naming the position.
 */
import { err, ok, type Result } from '../lib/result';

/** Longest expression accepted, so a pasted document cannot stall the loop. */
export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 100;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly source: string) {}

  parse(): number {
    const value = this.expression();
    this.skipSpace();
    if (this.pos < this.source.length) this.fail(`unexpected '${this.source[this.pos]}'`);
    return value;
  }

  // expression := term (('+' | '-') term)*
  private expression(): number {
    let value = this.term();
    for (let op = this.peekOperator('+-'); op !== undefined; op = this.peekOperator('+-')) {
      this.pos += 1;
      const right = this.term();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }

  // term := unary (('*' | '/') unary)*
  private term(): number {
    let value = this.unary();
    for (let op = this.peekOperator('*/'); op !== undefined; op = this.peekOperator('*/')) {
      this.pos += 1;
      const right = this.unary();
      if (op === '/' && right === 0) this.fail('division by zero');
      value = op === '*' ? value * right : value / right;
    }
    return value;
  }

  // unary := ('-' | '+') unary | primary
  private unary(): number {
    const op = this.peekOperator('+-');
    if (op === undefined) return this.primary();
    this.pos += 1;
    const value = this.nested(() => this.unary());
    return op === '-' ? -value : value;
  }

  // primary := number | '(' expression ')'
  private primary(): number {
    this.skipSpace();
    if (this.source[this.pos] === '(') {
      this.pos += 1;
      const value = this.nested(() => this.expression());
      this.skipSpace();
      if (this.source[this.pos] !== ')') this.fail("missing ')'");
      this.pos += 1;
      return value;
    }
    const match = /^(\d+(\.\d*)?|\.\d+)/.exec(this.source.slice(this.pos));
    if (match === null)
      this.fail(this.pos < this.source.length ? `unexpected '${this.source[this.pos]}'` : 'expression ends too early');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private nested(inner: () => number): number {
    if (++this.depth > MAX_DEPTH) this.fail('too deeply nested');
    const value = inner();
    this.depth -= 1;
    return value;
  }

  private peekOperator(ops: string): string | undefined {
    this.skipSpace();
    const char = this.source[this.pos];
    return char !== undefined && ops.includes(char) ? char : undefined;
  }

  private skipSpace(): void {
    while (this.pos < this.source.length && /\s/.test(this.source[this.pos]!)) this.pos += 1;
  }

  private fail(reason: string): never {
    throw new SyntaxError(`${reason} at position ${this.pos + 1}`);
  }
}

/** Evaluates `source` as arithmetic; an error value says what is wrong and where. */
export function evaluateArithmetic(source: string): Result<number, string> {
  if (source.trim().length === 0) return err('empty expression');
  if (source.length > MAX_EXPRESSION_LENGTH) return err(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
  try {
    const value = new Parser(source).parse();
    return Number.isFinite(value) ? ok(value) : err('result is not a finite number');
  } catch (error) {
    if (error instanceof SyntaxError) return err(error.message);
    throw error;
  }
}
