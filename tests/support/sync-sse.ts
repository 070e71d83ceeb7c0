/** A minimal SSE reader over fetch for tests: parses frames and lets a test wait on them. */
import { createWaitSet } from './wait-set';

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
  comment?: string;
}

/** Opens `url` as an event stream; `close()` aborts it. */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const frames: SseFrame[] = [];
  const waits = createWaitSet();
  let buffer = '';
  const parse = (block: string) => {
    const frame: SseFrame = { data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) frame.comment = line.slice(1).trim();
      else if (line.startsWith('id: ')) frame.id = line.slice(4);
      else if (line.startsWith('event: ')) frame.event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    frame.data = data.join('\n');
    frames.push(frame);
  };
  const pump = async () => {
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        waits.notify();
      }
    } catch {
      // aborted by close()
    }
  };
  /** Resolves when the server ended the stream (or close() aborted it). */
  const ended = pump();
  return {
    response,
    frames,
    ended,
    /** Frames carrying events (not the handshake, not comments). */
    events: () =>
      frames
        .filter((f) => f.comment === undefined && f.id !== '0')
        .map((f) => JSON.parse(f.data) as { id: string; kind: string; server_seq: number }),
    waitFor: (what: string, check: () => boolean, timeoutMs = 10_000) => waits.waitFor(what, check, timeoutMs),
    close: () => abort.abort(),
  };
}
