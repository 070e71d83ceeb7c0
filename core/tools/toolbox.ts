/**
 * The toolbox (SPEC §7): tool definitions joined to their executors by name. It turns a
 * model's arguments into checked params, says what a call needs, and runs it bounded in
 * time and in result size. Every failure comes back as a value, never a throw; it does
 * not decide permissions (the decision point does, before run).
 */
import { z } from 'zod';
import { messageOf } from '../errors/thrown';
import { err, ok, type Result } from '../lib/result';
import type { PermissionNeed } from '../policy/types';
import { boundJson, jsonOf, type Json } from './bound';
import { parsePlain } from './issues';
import { createAborter, hostTimer, seconds, type Timer } from './timer';
import type { ToolContext, ToolDefinition, ToolExecutor, ToolSpec } from './types';

/** A definition with the code that runs it where the toolbox lives. */
export interface ToolEntry<P = unknown> {
  definition: ToolDefinition<P>;
  executor: ToolExecutor<P>;
}

/**
 * Pairs a typed definition with its executor. The toolbox only ever calls the executor
 * with params its definition parsed, so erasing P here is safe.
 */
export function toolEntry<P>(definition: ToolDefinition<P>, executor: ToolExecutor<P>): ToolEntry {
  return { definition, executor } as unknown as ToolEntry;
}

export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024;
export const DEFAULT_TOOL_TIMEOUT_MS = 15_000;

export interface ToolboxOptions {
  /** Largest result, in bytes of JSON (default 64 KiB). */
  maxResultBytes?: number;
  /** Time limit of a call whose definition sets none (default 15 s). */
  timeoutMs?: number;
  /** Milliseconds clock for durations (default Date.now). */
  now?: () => number;
  /** Schedules the time limit (default the host's setTimeout). */
  timer?: Timer;
}

/** One call as it went: the result, how long it took, whether its output was cut. */
export interface ToolOutcome {
  result: Result<unknown, string>;
  duration_ms: number;
  truncated: boolean;
  /** A result that ran: its value's JSON text, as bounded (the tool message sends it as is). */
  json?: string;
}

export interface Toolbox {
  names(): string[];
  definition(name: string): ToolDefinition | undefined;
  /** OpenAI `tools` entries for `names` (default all; unknown names are left out). */
  specs(names?: readonly string[]): ToolSpec[];
  /** Checks a model's arguments (an object, or the JSON text models send). */
  parse(name: string, args: unknown): Result<unknown, string>;
  /** What a call with these params needs; null for none or an unknown tool (run refuses those). */
  needs(name: string, params: unknown): PermissionNeed | null;
  /** Runs a call: params checked again, time limited, output bounded. */
  run(name: string, params: unknown, context: ToolContext): Promise<Result<unknown, string>>;
  /** As run, with the duration and the truncation flag (for `tool.ran`). */
  call(name: string, params: unknown, context: ToolContext): Promise<ToolOutcome>;
  /**
   * As call, for params this toolbox's `parse` returned for `name`: those run without being
   * parsed again. Anything else (another tool's params, a copy, a primitive) is parsed first.
   */
  callParsed(name: string, params: unknown, context: ToolContext): Promise<ToolOutcome>;
}

/** The parameters' JSON Schema as OpenAI-compatible servers take it. */
export function parametersSchema(params: z.ZodType): Record<string, unknown> {
  const schema = z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

function argumentsOf(args: unknown): Result<unknown, string> {
  if (typeof args !== 'string') return ok(args ?? {});
  if (args.trim() === '') return ok({});
  try {
    return ok(JSON.parse(args));
  } catch (error) {
    return err(`arguments: not valid JSON (${messageOf(error)}); send a JSON object, e.g. {"expression": "2+2"}`);
  }
}

/** A toolbox over `entries`; a later entry with the same name replaces an earlier one. */
export function createToolbox(entries: readonly ToolEntry[], options: ToolboxOptions = {}): Toolbox {
  const byName = new Map(entries.map((entry) => [entry.definition.name, entry]));
  const maxBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
  const now = options.now ?? (() => Date.now());
  const timer = options.timer ?? hostTimer;
  const schemas = new Map<string, Record<string, unknown>>();
  // Objects parse built (never the caller's own input object), with the tool they were checked for.
  const parsedFor = new WeakMap<object, string>();

  const unknownTool = (name: string) =>
    `unknown tool '${name}'; the tools are ${[...byName.keys()].join(', ') || '(none)'}`;

  const parse = (name: string, args: unknown): Result<unknown, string> => {
    const entry = byName.get(name);
    if (entry === undefined) return err(unknownTool(name));
    const raw = argumentsOf(args);
    if (!raw.ok) return raw;
    const checked = parsePlain(entry.definition.params, raw.value);
    if (checked.ok && typeof checked.value === 'object' && checked.value !== null && checked.value !== raw.value)
      parsedFor.set(checked.value, name);
    return checked;
  };

  /** Runs the executor against the time limit and the caller's signal. */
  const execute = async (
    entry: ToolEntry,
    params: unknown,
    context: ToolContext,
  ): Promise<Result<{ value: Json; json: string }, string>> => {
    const name = entry.definition.name;
    const limit = entry.definition.timeoutMs?.(params) ?? defaultTimeout;
    const aborter = createAborter(context.signal);
    const cancel = timer(limit, () => aborter.abort('timeout'));
    const stopped = new Promise<Result<never, string>>((resolve) => {
      aborter.signal.addEventListener('abort', () =>
        resolve(
          err(aborter.reason() === 'timeout' ? `${name} took longer than ${seconds(limit)}` : `${name} was stopped`),
        ),
      );
    });
    const running = (async (): Promise<Result<{ value: Json; json: string }, string>> => {
      try {
        const value = await entry.executor(params, { ...context, signal: aborter.signal });
        try {
          return ok(jsonOf(value));
        } catch (error) {
          return err(`${name} returned a value that is not JSON (${messageOf(error)})`);
        }
      } catch (error) {
        return err(messageOf(error));
      }
    })();
    try {
      return await Promise.race([running, stopped]);
    } finally {
      cancel();
    }
  };

  const call = async (
    name: string,
    params: unknown,
    context: ToolContext,
    checkedAlready = false,
  ): Promise<ToolOutcome> => {
    const started = now();
    const finish = (result: Result<unknown, string>, truncated = false, json?: string): ToolOutcome => ({
      result,
      truncated,
      duration_ms: Math.max(0, now() - started),
      ...(json === undefined ? {} : { json }),
    });
    const checked = checkedAlready ? ok(params) : parse(name, params);
    if (!checked.ok) return finish(checked);
    const result = await execute(byName.get(name)!, checked.value, context);
    if (!result.ok) return finish(result);
    const bounded = boundJson(result.value.value, maxBytes, result.value.json);
    return finish(ok(bounded.value), bounded.truncated, bounded.json);
  };
  const isParsed = (name: string, params: unknown) =>
    typeof params === 'object' && params !== null && parsedFor.get(params) === name && byName.has(name);

  return {
    names: () => [...byName.keys()],
    definition: (name) => byName.get(name)?.definition,
    specs(names) {
      const wanted = names ?? [...byName.keys()];
      return wanted.flatMap((name) => {
        const definition = byName.get(name)?.definition;
        if (definition === undefined) return [];
        let parameters = schemas.get(name);
        if (parameters === undefined) schemas.set(name, (parameters = parametersSchema(definition.params)));
        return [{ type: 'function' as const, function: { name, description: definition.description, parameters } }];
      });
    },
    parse,
    needs(name, params) {
      const definition = byName.get(name)?.definition;
      if (definition === undefined) return null;
      const checked = parse(name, params);
      // Bad params never run, but the answer still names the tool's capability (fail closed).
      if (!checked.ok) return definition.capability === null ? null : { capability: definition.capability };
      return definition.needs(checked.value);
    },
    run: async (name, params, context) => (await call(name, params, context)).result,
    call: (name, params, context) => call(name, params, context),
    callParsed: (name, params, context) => call(name, params, context, isParsed(name, params)),
  };
}
