/**
 * One subscription of one /sync connection: catch-up from the store in batches, then
 * live events, pausing (without queueing) while the socket is backed up and resuming
 * from its cursor. Never sends an event twice, never sends a connection's own pushes.
 */
import { SYNC_MAX_BATCH, type ServerEvent, type ServerMessage } from '../../spec/sync-protocol';
import type { EventStore } from '../storage/event-store';

/** Above this many buffered bytes a feed stops sending live events. */
export const HIGH_WATER_BYTES = 1024 * 1024;
/** A paused feed resumes once the socket's buffer is below this. */
export const LOW_WATER_BYTES = 256 * 1024;
const RESUME_POLL_MS = 20;

/** What a feed needs from its connection. */
export interface FeedSink {
  send(message: ServerMessage): void;
  bufferedAmount(): number;
  isOpen(): boolean;
}

export type FeedMode = 'catching-up' | 'live' | 'paused' | 'stopped';

export interface Feed {
  readonly projectId: string;
  /** Highest server_seq of this project delivered or skipped. */
  cursor(): number;
  mode(): FeedMode;
  /** Live notification from the store; `own` = pushed by this feed's connection. */
  offer(events: readonly ServerEvent[], own: boolean): void;
  stop(): void;
}

/** Starts a feed of `projectId` after `cursor`: catch-up begins on the next tick. */
export function startFeed(store: EventStore, sink: FeedSink, projectId: string, cursor: number): Feed {
  let mode: FeedMode = 'catching-up';
  let position = cursor;
  // Own events stored while not live: skipped when catch-up reads them from the store.
  const ownSeqs = new Set<number>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (fn: () => void, ms: number) => {
    timer = ms === 0 ? (setImmediate(fn) as unknown as ReturnType<typeof setTimeout>) : setTimeout(fn, ms);
  };

  const pump = () => {
    timer = undefined;
    if (mode !== 'catching-up' || !sink.isOpen()) return;
    if (sink.bufferedAmount() > HIGH_WATER_BYTES) return schedule(pump, RESUME_POLL_MS);
    const rows = store.after(position, { projectId }, SYNC_MAX_BATCH);
    const fresh = rows.filter((row) => !ownSeqs.delete(row.server_seq));
    if (rows.length > 0) position = rows[rows.length - 1]!.server_seq;
    if (fresh.length > 0) sink.send({ type: 'events', project_id: projectId, events: fresh });
    if (rows.length === SYNC_MAX_BATCH) return schedule(pump, 0);
    // Synchronous with the read above: no event of this project is stored in between.
    position = Math.max(position, store.lastSeq());
    ownSeqs.clear();
    mode = 'live';
    sink.send({ type: 'caught-up', project_id: projectId, cursor: position });
  };

  const resume = () => {
    timer = undefined;
    if (mode !== 'paused' || !sink.isOpen()) return;
    if (sink.bufferedAmount() > LOW_WATER_BYTES) return schedule(resume, RESUME_POLL_MS);
    mode = 'catching-up';
    pump();
  };

  schedule(pump, 0);

  return {
    projectId,
    cursor: () => position,
    mode: () => mode,
    offer(events, own) {
      if (mode === 'stopped') return;
      if (mode === 'live' && sink.bufferedAmount() > HIGH_WATER_BYTES) {
        mode = 'paused';
        schedule(resume, RESUME_POLL_MS);
      }
      if (mode !== 'live') {
        if (own) for (const event of events) if (event.server_seq > position) ownSeqs.add(event.server_seq);
        return;
      }
      const fresh = events.filter((event) => event.server_seq > position);
      if (fresh.length === 0) return;
      position = fresh[fresh.length - 1]!.server_seq;
      if (own) return;
      for (let i = 0; i < fresh.length; i += SYNC_MAX_BATCH) {
        sink.send({ type: 'events', project_id: projectId, events: fresh.slice(i, i + SYNC_MAX_BATCH) });
      }
    },
    stop() {
      mode = 'stopped';
      if (timer !== undefined) {
        clearTimeout(timer);
        clearImmediate(timer as unknown as ReturnType<typeof setImmediate>);
      }
    },
  };
}
