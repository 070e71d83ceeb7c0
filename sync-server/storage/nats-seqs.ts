/**
 * The JetStream stream sequence of each event this instance published (table
 * `nats_event_seqs`), so an erasure (SPEC §7) can delete exactly those messages from
 * `ARW_EVENTS`. Each instance records only its own publishes: every instance erases when
 * the tombstone reaches it, so together they delete every published copy. Knows no NATS.
 */
import type { ServerDb } from './db';

export interface NatsSeqs {
  /**
   * Records publish acknowledgements in one transaction; returns the sequences of events
   * already erased meanwhile (their message must go at once).
   */
  record(acks: readonly { id: string; seq: number }[]): number[];
  /** The sequences of these events' messages, forgetting them. */
  take(ids: readonly string[]): number[];
}

/** Acknowledged stream sequences over `db` (the table comes from storage/migrations.ts). */
export function createNatsSeqs(db: ServerDb): NatsSeqs {
  const put = db.prepare<[string, number]>(
    'INSERT OR REPLACE INTO nats_event_seqs (event_id, stream_seq) VALUES (?, ?)',
  );
  const get = db.prepare<[string], { stream_seq: number }>('SELECT stream_seq FROM nats_event_seqs WHERE event_id = ?');
  const remove = db.prepare<[string]>('DELETE FROM nats_event_seqs WHERE event_id = ?');
  const stored = db.prepare<[string], { n: number }>('SELECT 1 AS n FROM events WHERE id = ?');
  const record = db.transaction((acks: readonly { id: string; seq: number }[]) => {
    const gone: number[] = [];
    for (const ack of acks) {
      if (stored.get(ack.id) === undefined) gone.push(ack.seq);
      else put.run(ack.id, ack.seq);
    }
    return gone;
  });
  const take = db.transaction((ids: readonly string[]) => {
    const seqs: number[] = [];
    for (const id of ids) {
      const row = get.get(id);
      if (row === undefined) continue;
      seqs.push(row.stream_seq);
      remove.run(id);
    }
    return seqs;
  });
  return { record: (acks) => record(acks), take: (ids) => take(ids) };
}
