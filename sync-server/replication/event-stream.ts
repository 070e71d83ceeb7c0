/**
 * The body of `GET /events` (SPEC E6) as a byte stream: the `service.connected`
 * handshake (id 0), then resume / replay from the store, then live events. A slow
 * reader is never queued without bound: live events past the queue's limit are
 * dropped from memory and re-read from the store (by cursor) as the reader catches up.
 * When `ended` aborts (the token was revoked), a last `service.closed` frame says why
 * and the stream ends.
 */
import { randomUUID } from 'node:crypto';
import type { ServerEvent } from '../../spec/sync-protocol';
import { matchesFilter, type EventFilter } from '../../core/sync/filters';
import type { StreamStart } from '../../core/sync/query';
import { formatSse, formatSseComment } from '../../core/sync/sse';
import type { Clock } from '../../core/lib/clock';
import type { ErrorCode } from '../../core/errors/catalog';
import { MAX_READ, type EventStore } from '../storage/event-store';

export const KEEP_ALIVE_MS = 10_000;
/** Bytes queued for one SSE client before live events fall back to store reads. */
const QUEUE_BYTES = 1024 * 1024;

export interface EventStreamOptions {
  store: EventStore;
  filter: EventFilter;
  start: StreamStart;
  serverId: string;
  clock: Clock;
  keepAliveMs?: number;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** Aborted (reason: `revoked` | `expired`) when the stream's token stops being valid. */
  ended?: AbortSignal;
  /** Called once when the stream stops, whatever the cause. */
  onClose?: () => void;
}

/** What the last frame of a stream ended by its token says. */
export const STREAM_END = {
  revoked: { code: 'token-revoked', reason: 'the token was revoked: sign in again with a new token' },
  expired: { code: 'token-expired', reason: 'the token has expired: sign in again with a new token' },
} as const satisfies Record<string, { code: ErrorCode; reason: string }>;

const encoder = new TextEncoder();
const frameOf = (event: ServerEvent) =>
  formatSse({ id: event.server_seq, event: event.kind, data: JSON.stringify(event) });

/** Opens the SSE byte stream; it ends only when the client disconnects. */
export function openEventStream(options: EventStreamOptions): ReadableStream<Uint8Array> {
  const { store, filter, start } = options;
  let cursor = 0;
  let lagging = false;
  let closed = false;
  let cleanup = () => {};

  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const push = (text: string) => {
          if (!closed && text !== '') controller.enqueue(encoder.encode(text));
        };
        const handshake = {
          kind: 'service.connected',
          time: new Date(options.clock.now()).toISOString(),
          actor: options.serverId,
          payload: {
            request_id: randomUUID(),
            resume_from: start.mode === 'after' ? start.after : null,
            replay: { mode: start.mode, count: start.mode === 'recent' ? start.count : 0 },
            prefixes: filter.prefixes ?? null,
            corr_id: filter.corrId ?? null,
            project: filter.projectId ?? null,
          },
        };
        push(formatSse({ id: 0, event: 'service.connected', data: JSON.stringify(handshake) }));
        if (start.mode === 'after') {
          cursor = start.after;
          lagging = true; // pull() reads the backlog from the store
        } else {
          if (start.mode === 'recent') push(store.tail(start.count, filter).map(frameOf).join(''));
          cursor = store.lastSeq();
        }
        const unsubscribe = store.onAppended((events) => {
          if (closed || lagging) return;
          if ((controller.desiredSize ?? 0) <= 0) {
            lagging = true;
            return;
          }
          const fresh = events.filter((event) => event.server_seq > cursor);
          if (fresh.length === 0) return;
          cursor = fresh[fresh.length - 1]!.server_seq;
          push(
            fresh
              .filter((event) => matchesFilter(event, filter))
              .map(frameOf)
              .join(''),
          );
        });
        const keepAlive = setInterval(() => push(formatSseComment('keep-alive')), options.keepAliveMs ?? KEEP_ALIVE_MS);
        cleanup = () => {
          if (closed) return;
          closed = true;
          unsubscribe();
          clearInterval(keepAlive);
          options.signal?.removeEventListener('abort', onAbort);
          options.ended?.removeEventListener('abort', onEnded);
          options.onClose?.();
        };
        const onAbort = () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed or errored by the transport
          }
        };
        const onEnded = () => {
          const why = options.ended?.reason === 'expired' ? 'expired' : 'revoked';
          push(formatSse({ event: 'service.closed', data: JSON.stringify(STREAM_END[why]) }));
          onAbort();
        };
        if (options.signal?.aborted) onAbort();
        else options.signal?.addEventListener('abort', onAbort);
        if (options.ended?.aborted) onEnded();
        else options.ended?.addEventListener('abort', onEnded);
      },
      pull(controller) {
        if (!lagging || closed) return;
        const rows = store.after(cursor, filter, MAX_READ);
        if (rows.length > 0) {
          cursor = rows[rows.length - 1]!.server_seq;
          controller.enqueue(encoder.encode(rows.map(frameOf).join('')));
        }
        // Synchronous with the read: nothing matching is stored in between.
        if (rows.length < MAX_READ) {
          cursor = Math.max(cursor, store.lastSeq());
          lagging = false;
        }
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: QUEUE_BYTES, size: (chunk) => chunk.byteLength },
  );
}
