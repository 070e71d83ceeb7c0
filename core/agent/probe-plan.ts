/**
 * The probe agent's planner: a few rules that decide whether a message needs a tool.
 * "what time is it" → `clock.now`; arithmetic ("2+3*4", "calc (1+2)/3") → `math.eval`;
 * anything else → null (just reply). Deterministic; no model involved.
 */
import type { ToolCall } from './tools';

const TIME_PATTERNS = [
  /^(time|now|clock)$/,
  /\bwhat time\b/,
  /\bwhat'?s the time\b/,
  /\bwhat is the time\b/,
  /\bcurrent time\b/,
  /\btime is it\b/,
];
const CALC_PREFIX = /^(calc|calculate|compute|eval|evaluate|what is|what's|whats)\s+/;
const ARITHMETIC = /^[\d\s.+\-*/()]+$/;

/** Returns the tool call `text` asks for, or null when a plain reply will do. */
export function planProbe(text: string): ToolCall | null {
  const normalized = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const bare = normalized.replace(/[?!.]+$/, '');
  if (TIME_PATTERNS.some((pattern) => pattern.test(bare))) return { tool: 'clock.now', input: {} };

  const prefixed = CALC_PREFIX.test(normalized);
  const expression = normalized
    .replace(CALC_PREFIX, '')
    .replace(/[?=\s]+$/, '')
    .trim();
  if (!ARITHMETIC.test(expression) || !/\d/.test(expression)) return null;
  // Without "calc", a lone number ("42") is not a request to compute anything.
  const hasOperator = /\d\s*[-+*/]|[-+*/]\s*[\d(]|\(/.test(expression);
  if (!prefixed && !hasOperator) return null;
  return { tool: 'math.eval', input: { expression } };
}
