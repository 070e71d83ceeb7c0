/**
 * The sending half of a replication client: events wait here until the server
 * acknowledges them in `pushed` (accepted, duplicate or rejected), and everything
 * not acknowledged is sent again after a reconnect. Pure state; the socket is not here.
 */
import type { EventEnvelope } from '../../spec/envelope';
import { SYNC_MAX_BATCH } from '../../spec/sync-protocol';

/** What `pushed` carries back (spec/sync-protocol.ts PushedSchema), as the outbox needs it. */
export interface PushAck {
  batch_id: string;
  accepted: readonly { id: string; server_seq: number }[];
  duplicates: readonly { id: string; server_seq: number }[];
  rejected: readonly { index: number; id?: string; issues: readonly { path: string; message: string }[] }[];
}

export interface OutboxBatch {
  batch_id: string;
  events: EventEnvelope[];
}

export interface Outbox {
  /** Queues events; an id already pending is not queued twice. */
  add(events: readonly EventEnvelope[]): void;
  /** The next batch of pending events not yet in flight, or undefined. */
  nextBatch(): OutboxBatch | undefined;
  /** Settles a batch: its events leave the outbox; returns the rejected ones with issues. */
  ack(ack: PushAck): { event: EventEnvelope; issues: PushAck['rejected'][number]['issues'] }[];
  /** After a disconnect: every batch in flight is forgotten, its events are sent again. */
  resetInFlight(): void;
  /** Events waiting for an acknowledgement (in flight included). */
  pendingCount(): number;
  /** Batches sent and not yet acknowledged. */
  inFlightCount(): number;
}

/** Creates an empty outbox; `batchPrefix` makes batch ids unique per device. */
export function createOutbox(options: { batchPrefix: string; maxBatch?: number }): Outbox {
  const maxBatch = Math.min(options.maxBatch ?? SYNC_MAX_BATCH, SYNC_MAX_BATCH);
  // Insertion-ordered: events go out in the order they were added.
  const pending = new Map<string, EventEnvelope>();
  const inFlight = new Map<string, EventEnvelope[]>();
  const flying = new Set<string>();
  let counter = 0;

  return {
    add(events) {
      for (const event of events) if (!pending.has(event.id)) pending.set(event.id, event);
    },
    nextBatch() {
      const events: EventEnvelope[] = [];
      for (const [id, event] of pending) {
        if (flying.has(id)) continue;
        events.push(event);
        if (events.length >= maxBatch) break;
      }
      if (events.length === 0) return undefined;
      const batch_id = `${options.batchPrefix}-${++counter}`;
      inFlight.set(batch_id, events);
      for (const event of events) flying.add(event.id);
      return { batch_id, events };
    },
    ack(ack) {
      const events = inFlight.get(ack.batch_id);
      if (events === undefined) return [];
      inFlight.delete(ack.batch_id);
      const rejected = ack.rejected.flatMap((entry) => {
        const event = events[entry.index];
        return event === undefined ? [] : [{ event, issues: entry.issues }];
      });
      // Every event of a settled batch is final: stored, already stored, or refused.
      for (const event of events) {
        flying.delete(event.id);
        pending.delete(event.id);
      }
      return rejected;
    },
    resetInFlight() {
      inFlight.clear();
      flying.clear();
    },
    pendingCount: () => pending.size,
    inFlightCount: () => inFlight.size,
  };
}
