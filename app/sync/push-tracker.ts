/**
 * The sending side of one pairing: reads local events of the shared projects from the
 * journal (ascending local seq), queues them in core's outbox, and keeps the send
 * position (local seq up to which everything is acknowledged) in `meta`, so a new
 * leader tab or a reload resumes there. Events that came from the server are not sent back.
 */
import type { EventEnvelope } from '../../spec';
import type { StoredEvent } from '../../core/journal/types';
import { createOutbox, type OutboxBatch, type PushAck } from '../../core/sync/outbox';
import type { MetaStore } from '../db/sync-reads';
import { outboxKey } from './pairings';

/** What the tracker needs from the journal. */
export interface PushSource {
  projectsAfter(afterSeq: number, projectIds: readonly string[], limit: number): Promise<StoredEvent[]>;
  countProjectsAfter(afterSeq: number, projectIds: readonly string[]): Promise<number>;
  meta: MetaStore;
}

/** Events held in memory at most; the rest stay in IndexedDB until there is room. */
const WINDOW = 2000;

export interface PushTracker {
  /** Reads the saved position; call once before anything else. */
  load(): Promise<void>;
  /** Reads newly written events into the outbox; true when more are waiting. */
  fill(): Promise<boolean>;
  next(): OutboxBatch | undefined;
  /** Settles a `pushed`; saves the new position; returns the refused events. */
  ack(ack: PushAck): Promise<ReturnType<ReturnType<typeof createOutbox>['ack']>>;
  /** After a disconnect: everything unacknowledged goes out again. */
  resetInFlight(): void;
  /** Ids ingested from the server: not pushed back (the server has them). */
  noteReceived(ids: readonly string[]): void;
  inFlight(): number;
  /** Events waiting to be acknowledged (queued plus not yet read). */
  pending(): Promise<number>;
}

export function createPushTracker(options: {
  source: PushSource;
  pairingId: string;
  projects: readonly string[];
  batchPrefix: string;
}): PushTracker {
  const { source, pairingId, projects } = options;
  const outbox = createOutbox({ batchPrefix: options.batchPrefix });
  // Insertion (= seq) ordered, so the first entry is the oldest unacknowledged event.
  const seqOf = new Map<string, number>();
  const batches = new Map<string, string[]>();
  const received = new Set<string>();
  let position = 0;
  let scanned = 0;

  const settle = async () => {
    const oldest = seqOf.values().next();
    const next = oldest.done ? scanned : oldest.value - 1;
    if (next > position) {
      position = next;
      await source.meta.set(outboxKey(pairingId), position);
    }
  };

  return {
    async load() {
      const saved = await source.meta.get<number>(outboxKey(pairingId));
      position = typeof saved === 'number' && saved > 0 ? saved : 0;
      scanned = position;
    },
    async fill() {
      const room = WINDOW - seqOf.size;
      if (room <= 0 || projects.length === 0) return room <= 0;
      const rows = await source.projectsAfter(scanned, projects, room);
      for (const row of rows) {
        if (received.delete(row.id)) continue;
        const { seq, ...envelope } = row;
        outbox.add([envelope as EventEnvelope]);
        seqOf.set(row.id, seq);
      }
      if (rows.length > 0) scanned = Math.max(scanned, rows[rows.length - 1]!.seq);
      await settle();
      return rows.length === room;
    },
    next() {
      const batch = outbox.nextBatch();
      if (batch)
        batches.set(
          batch.batch_id,
          batch.events.map((event) => event.id),
        );
      return batch;
    },
    async ack(ack) {
      const ids = batches.get(ack.batch_id);
      if (ids === undefined) return [];
      batches.delete(ack.batch_id);
      const refused = outbox.ack(ack);
      for (const id of ids) seqOf.delete(id);
      await settle();
      return refused;
    },
    resetInFlight() {
      outbox.resetInFlight();
      batches.clear();
    },
    noteReceived(ids) {
      for (const id of ids) received.add(id);
      // Bounded: a crash between ingest and send costs a duplicate the server ignores.
      if (received.size > 50_000) received.clear();
    },
    inFlight: () => outbox.inFlightCount(),
    pending: async () => seqOf.size + (projects.length === 0 ? 0 : await source.countProjectsAfter(scanned, projects)),
  };
}
