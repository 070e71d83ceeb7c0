/**
 * Incremental parser for the OpenAI chat-completions SSE stream (`data: {...}` events,
 * `data: [DONE]`). Pure: the caller decodes bytes to text (a streaming TextDecoder) and
 * pushes text in chunks split anywhere; items come out as soon as an event is complete.
 */

/** What one SSE event of a chat-completions stream means. */
export type OpenAiStreamItem =
  | { type: 'delta'; content: string; finishReason?: string }
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
  const choice = record.choices[0] as { delta?: { content?: unknown }; finish_reason?: unknown } | undefined;
  const content = choice?.delta?.content;
  if (content !== undefined && content !== null && typeof content !== 'string') {
    return { type: 'malformed', message: `delta.content is not text: ${clip(trimmed)}` };
  }
  const finish = choice?.finish_reason;
  return typeof finish === 'string'
    ? { type: 'delta', content: content ?? '', finishReason: finish }
    : { type: 'delta', content: content ?? '' };
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
