/**
 * Test doubles for the agent loops: a model adapter that plays scripted turns (text, or
 * tool calls) and records what it was sent, and a few tool definitions with executors the
 * test controls. Deterministic: no timers; the fake clock moves only when a test moves it.
 */
import { z } from 'zod';
import type { EventEnvelope } from '../../../spec';
import { createEventFactory } from '../../journal';
import { createUlidFactory } from '../../lib/ulid';
import { createToolbox, toolEntry, type ToolEntry } from '../../tools/toolbox';
import type { ToolContext, ToolDefinition } from '../../tools/types';
import { evaluateArithmetic } from '../arithmetic';
import type { ChatMessage, GenerateParams, GenerateResult, ModelAdapter, ModelToolCall } from '../model';

/** One turn the model plays: its text (streamed word by word), then the calls it asks for. */
export type ScriptedTurn =
  | { text?: string; calls?: Array<{ name: string; arguments: string | Record<string, unknown>; id?: string }> }
  | { fail: Error };

export interface ScriptedModel extends ModelAdapter {
  /** Every generate call's messages (a copy) and params. */
  readonly seen: Array<{ messages: ChatMessage[]; params: GenerateParams }>;
}

/** Plays `turns` in order; past the end it answers "done". */
export function createScriptedModel(turns: readonly ScriptedTurn[]): ScriptedModel {
  const seen: ScriptedModel['seen'] = [];
  let next = 0;
  return {
    seen,
    load: async (model) => ({ id: model.id, label: model.id, backend: 'scripted', demo: false }),
    async generate(messages, params, onToken): Promise<GenerateResult> {
      seen.push({ messages: structuredCopy(messages), params });
      const turn = turns[next++] ?? { text: 'done' };
      if ('fail' in turn) throw turn.fail;
      const words = (turn.text ?? '').match(/\s*\S+\s*/g) ?? [];
      for (const word of words) {
        if (params.signal?.aborted) break;
        onToken(word);
      }
      const text = words.join('');
      if (params.signal?.aborted) return { text, tokens: words.length, ttftMs: 0, durationMs: 0, finish: 'aborted' };
      const toolCalls: ModelToolCall[] = (turn.calls ?? []).map((call, i) => ({
        id: call.id ?? `call_${seen.length}_${i}`,
        name: call.name,
        arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      }));
      return toolCalls.length > 0
        ? { text, tokens: words.length, ttftMs: 0, durationMs: 0, finish: 'tool_calls', toolCalls }
        : { text, tokens: words.length, ttftMs: 0, durationMs: 0, finish: 'stop' };
    },
    embed: async (texts) => texts.map(() => [0]),
    unload: async () => undefined,
    stats: async () => ({ tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 }),
  };
}

const structuredCopy = (messages: readonly ChatMessage[]): ChatMessage[] =>
  JSON.parse(JSON.stringify(messages)) as ChatMessage[];

export const MATH_TOOL: ToolDefinition<{ expression: string }> = {
  name: 'math.eval',
  description: 'Evaluates arithmetic.',
  params: z.strictObject({ expression: z.string().min(1) }),
  capability: null,
  needs: () => null,
};

export const WEB_TOOL: ToolDefinition<{ url: string; max_bytes: number }> = {
  name: 'web.get',
  description: 'Gets a page.',
  params: z.strictObject({ url: z.url(), max_bytes: z.int().min(1).default(1000) }),
  capability: 'net:http',
  needs: (params) => ({ capability: 'net:http', scope: `net://${params.url.split('/')[2]!.toLowerCase()}` }),
};

export const WAIT_TOOL: ToolDefinition<{ id: string }> = {
  name: 'test.wait',
  description: 'Waits for the test to release it.',
  params: z.strictObject({ id: z.string() }),
  capability: null,
  needs: () => null,
};

export const NOTE_TOOL: ToolDefinition<{ text: string }> = {
  name: 'notes.append',
  description: 'Appends to the notes.',
  params: z.strictObject({ text: z.string() }),
  capability: 'project:write',
  needs: () => ({ capability: 'project:write', scope: 'project://write' }),
};

export function mathExecutor({ expression }: { expression: string }) {
  const result = evaluateArithmetic(expression);
  if (!result.ok) throw new RangeError(`cannot evaluate '${expression}': ${result.error}`);
  return { expression, value: result.value };
}

/** The test tools; `wait` is the executor of `test.wait`, `web` of `web.get`. */
export function testToolbox(
  executors: {
    wait?: (params: { id: string }, context: ToolContext) => unknown;
    web?: (params: { url: string; max_bytes: number }) => unknown;
    notes?: (params: { text: string }) => unknown;
  } = {},
  options: { timeoutMs?: number } = {},
) {
  const entries: ToolEntry[] = [
    toolEntry(MATH_TOOL, mathExecutor),
    toolEntry(WEB_TOOL, executors.web ?? ((params) => ({ status: 200, url: params.url, body: 'hello' }))),
    toolEntry(WAIT_TOOL, executors.wait ?? (() => ({ waited: true }))),
    toolEntry(NOTE_TOOL, executors.notes ?? ((params) => ({ length: params.text.length }))),
  ];
  return createToolbox(entries, options);
}

export const TEST_START = Date.parse('2026-03-01T10:00:00.000Z');

/** A fake clock, counter ULIDs, an event factory and an in-memory journal with an optional tap. */
export function eventRig(onEmit?: (events: EventEnvelope[]) => void) {
  let now = TEST_START;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  let counter = 0;
  const newId = createUlidFactory(clock.now, (n) => Uint8Array.from({ length: n }, () => counter++ % 32));
  const events: EventEnvelope[] = [];
  return {
    clock,
    newId,
    events,
    make: createEventFactory({ actor: 'agent-test', clock, newId }),
    emit: async (batch: EventEnvelope[]) => {
      events.push(...batch);
      onEmit?.(batch);
    },
  };
}
