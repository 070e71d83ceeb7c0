/**
 * The agent's tool registry and its two built-in tools: `clock.now` (the injected
 * clock's time) and `math.eval` (safe arithmetic). A tool may throw; the registry
 * turns every failure into a value, so the loop can record `tool.error` and go on.
 */
import { messageOf } from '../errors/thrown';
import { isoTime, type Clock } from '../lib/clock';
import { err, ok, type Result } from '../lib/result';
import { evaluateArithmetic } from './arithmetic';

export interface Tool {
  /** `<namespace>.<name>`, e.g. `math.eval`. */
  readonly id: string;
  readonly description: string;
  run(input: unknown): Promise<unknown> | unknown;
}

/** What the planner asks for: one tool with its input. */
export interface ToolCall {
  tool: string;
  input: unknown;
}

export interface ToolRegistry {
  list(): Tool[];
  get(id: string): Tool | undefined;
  /** Runs a tool; an unknown id or a thrown error comes back as `{ ok: false, error: message }`. */
  run(id: string, input: unknown): Promise<Result<unknown, string>>;
}

/** A registry over `tools`; later ids replace earlier ones. */
export function createToolRegistry(tools: readonly Tool[]): ToolRegistry {
  const byId = new Map(tools.map((tool) => [tool.id, tool]));
  return {
    list: () => [...byId.values()],
    get: (id) => byId.get(id),
    async run(id, input) {
      const tool = byId.get(id);
      if (tool === undefined) return err(`unknown tool '${id}'`);
      try {
        return ok(await tool.run(input));
      } catch (error) {
        return err(messageOf(error));
      }
    },
  };
}

/** `clock.now`: `{ iso }`, the current time as ISO-8601 UTC. */
export function createClockTool(clock: Clock): Tool {
  return {
    id: 'clock.now',
    description: 'The current date and time (ISO-8601, UTC).',
    run: () => ({ iso: isoTime(clock.now()) }),
  };
}

function expressionOf(input: unknown): string {
  if (typeof input === 'string') return input;
  if (
    input !== null &&
    typeof input === 'object' &&
    typeof (input as { expression?: unknown }).expression === 'string'
  ) {
    return (input as { expression: string }).expression;
  }
  throw new TypeError("math.eval takes { expression: string }, e.g. { expression: '2+3*4' }");
}

/** `math.eval`: `{ expression }` → `{ expression, value }`; throws on bad input. */
export const mathEvalTool: Tool = {
  id: 'math.eval',
  description: 'Evaluates arithmetic: numbers, + - * /, parentheses, unary minus.',
  run(input) {
    const expression = expressionOf(input);
    const result = evaluateArithmetic(expression);
    if (!result.ok) throw new RangeError(`cannot evaluate '${expression}': ${result.error}`);
    return { expression, value: result.value };
  },
};

/** The built-in tools, with time from `clock`. */
export function createBuiltinTools(clock: Clock): ToolRegistry {
  return createToolRegistry([createClockTool(clock), mathEvalTool]);
}
