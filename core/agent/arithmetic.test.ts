/** The `math.eval` evaluator: precedence, parentheses, decimals, unary minus, clear errors. */
import { describe, expect, it } from 'vitest';
import { evaluateArithmetic } from './arithmetic';

describe('evaluateArithmetic', () => {
  it.each([
    ['2+3*4', 14],
    ['(2+3)*4', 20],
    ['(1+2)/3', 1],
    ['10 - 4 - 3', 3],
    ['8 / 4 / 2', 1],
    ['-3 + 5', 2],
    ['2 * -(1 + 1)', -4],
    ['--2', 2],
    ['1.5 * 2', 3],
    ['.5 + 0.25', 0.75],
    ['  7  ', 7],
  ])('%s = %d', (source, value) => {
    expect(evaluateArithmetic(source)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty expression'],
    ['2 +', 'expression ends too early'],
    ['(1 + 2', "missing ')'"],
    ['1 / 0', 'division by zero'],
    ['2 ^ 3', "unexpected '^'"],
    ['process.exit()', "unexpected 'p'"],
    ['1 2', "unexpected '2'"],
  ])('rejects %j with an error that says why', (source, reason) => {
    const result = evaluateArithmetic(source);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(reason);
  });

  it('rejects nesting too deep to parse safely', () => {
    expect(evaluateArithmetic(`${'('.repeat(200)}1${')'.repeat(200)}`).ok).toBe(false);
  });
});
