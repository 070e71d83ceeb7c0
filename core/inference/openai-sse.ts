/**
 * Incremental parser for the OpenAI chat-completions SSE stream (`data: {...}` events,
 * `data: [DONE]`). Pure: the caller decodes bytes to text (a streaming TextDecoder) and
 * pushes text in chunks split anywhere; items come out as soon as an event is complete.
 * Streamed `delta.tool_calls` fragments come out as they are; `createToolCallAccumulator`
 * joins them by index into whole calls.
 */
import type { ModelToolCall } from '../agent/model';

/** One piece of a streamed tool call: the first usually has id and name, later ones more `arguments` text. */
export interface ToolCallFragment {
  index: number;
  id?: string;
  name?: string;
  arguments?: string;
}

/** What one SSE event of a chat-completions stream means. */
export type OpenAiStreamItem =
  | { type: 'delta'; content: string; finishReason?: string; toolCalls?: ToolCallFragment[] }
  | { type: 'done' }
  | { type: 'error'; message: string }
  | { type: 'malformed'; message: string };

export interface OpenAiSseParser {
  /** Feeds more text; returns the items of every event completed by it. */
  push(text: string): OpenAiStreamItem[];
  /** The stream ended: flushes an event not followed by a blank line. */
  end(): OpenAiStreamItem[];
}

const MAX_SHOWN = 200;

const clip = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

/** The meaning of one event's `data` (its data lines joined by `\n`). */
export function interpretData(data: string): OpenAiStreamItem {
  const trimmed = data.trim();
  if (trimmed === '[DONE]') return { type: 'done' };
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    return { type: 'malformed', message: `not JSON: ${clip(trimmed)}` };
  }
  if (typeof body !== 'object' || body === null)
    return { type: 'malformed', message: `not an object: ${clip(trimmed)}` };
  const record = body as { error?: unknown; choices?: unknown };
  if (record.error !== undefined) {
    const error = record.error as { message?: unknown } | string;
    const message =
      typeof error === 'string'
        ? error
        : typeof error?.message === 'string'
          ? error.message
          : clip(JSON.stringify(error));
    return { type: 'error', message };
  }
  if (!Array.isArray(record.choices)) return { type: 'malformed', message: `no choices: ${clip(trimmed)}` };
  // Usage-only events (stream_options.include_usage) have an empty choices array.
  const choice = record.choices[0] as
    { delta?: { content?: unknown; tool_calls?: unknown }; finish_reason?: unknown } | undefined;
  const content = choice?.delta?.content;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    return { type: 'malformed', message: `delta.content is not text: ${clip(trimmed)}` };
  }
  const fragments = toolCallFragments(choice?.delta?.tool_calls);
  if (typeof fragments === 'string') return { type: 'malformed', message: `${fragments}: ${clip(trimmed)}` };
  const item: OpenAiStreamItem = { type: 'delta', content: content ?? '' };
  const finish = choice?.finish_reason;
  if (typeof finish === 'string') item.finishReason = finish;
  if (fragments.length > 0) item.toolCalls = fragments;
  return item;
}

const optionalText = (value: unknown) => value === undefined || value === null || typeof value === 'string';

/** The fragments of `delta.tool_calls`, or what is wrong with them. */
function toolCallFragments(raw: unknown): ToolCallFragment[] | string {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return 'delta.tool_calls is not a list';
  const out: ToolCallFragment[] = [];
  for (const [position, entry] of raw.entries()) {
    if (typeof entry !== 'object' || entry === null) return `delta.tool_calls[${position}] is not an object`;
    const call = entry as { index?: unknown; id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    // Some servers send whole calls without an index; their place in the list is the index then.
    const index = call.index ?? position;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0)
      return `delta.tool_calls[${position}].index is not a whole number`;
    const fn = call.function ?? {};
    if (!optionalText(call.id) || !optionalText(fn.name) || !optionalText(fn.arguments))
      return `delta.tool_calls[${position}] has an id, function.name or function.arguments that is not text`;
    const fragment: ToolCallFragment = { index };
    if (typeof call.id === 'string' && call.id !== '') fragment.id = call.id;
    if (typeof fn.name === 'string' && fn.name !== '') fragment.name = fn.name;
    if (typeof fn.arguments === 'string' && fn.arguments !== '') fragment.arguments = fn.arguments;
    out.push(fragment);
  }
  return out;
}

export interface ToolCallAccumulator {
  add(fragments: readonly ToolCallFragment[]): void;
  /** The calls so far, by index; a call the server gave no id gets `call_<index>`. */
  calls(): ModelToolCall[];
}

/**
 * Joins streamed fragments into calls: `arguments` text concatenates in arrival order;
 * id and name come from the first fragment that has them (servers that repeat them on
 * every fragment would otherwise double them).
 */
export function createToolCallAccumulator(): ToolCallAccumulator {
  const byIndex = new Map<number, { id: string; name: string; arguments: string }>();
  return {
    add(fragments) {
      for (const fragment of fragments) {
        let call = byIndex.get(fragment.index);
        if (!call) byIndex.set(fragment.index, (call = { id: '', name: '', arguments: '' }));
        if (call.id === '' && fragment.id) call.id = fragment.id;
        if (call.name === '' && fragment.name) call.name = fragment.name;
        if (fragment.arguments) call.arguments += fragment.arguments;
      }
    },
    calls: () =>
      [...byIndex.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` })),
  };
}

/** A fresh parser; lines may end in `\n`, `\r\n` or `\r` (SSE), comments (`:`) are skipped. */
export function createOpenAiSseParser(): OpenAiSseParser {
  let buffer = '';
  let data: string[] = [];
  // A `\r` at the end of a push may be the first half of `\r\n`.
  let pendingCr = false;

  const dispatch = (out: OpenAiStreamItem[]) => {
    if (data.length > 0) out.push(interpretData(data.join('\n')));
    data = [];
  };

  const takeLine = (line: string, out: OpenAiStreamItem[]) => {
    if (line === '') return dispatch(out);
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  };

  return {
    push(text) {
      const out: OpenAiStreamItem[] = [];
      let chunk = text;
      if (pendingCr && chunk.startsWith('\n')) chunk = chunk.slice(1);
      pendingCr = false;
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i += 1) {
        const char = buffer[i];
        if (char !== '\n' && char !== '\r') continue;
        takeLine(buffer.slice(start, i), out);
        if (char === '\r') {
          if (i + 1 === buffer.length) pendingCr = true;
          else if (buffer[i + 1] === '\n') i += 1;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    end() {
      const out: OpenAiStreamItem[] = [];
      if (buffer !== '') takeLine(buffer, out);
      buffer = '';
      dispatch(out);
      return out;
    },
  };
}
