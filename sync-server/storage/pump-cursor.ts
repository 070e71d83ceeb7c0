/**
 * The NATS event pump's storage (bridge/event-pump.ts): table `nats_publish_cursor
 * (server_id, seq)`, the highest `server_seq` of `events` this instance has published,
 * and the read of what comes after it. Events that came from NATS are never listed, so
 * the pump never sends them back. Knows nothing about NATS.
 */
import type { EventEnvelope } from '../../spec/envelope';
import type { ServerDb } from './db';

/** One local event waiting to be published, with its place in the journal. */
export interface PendingEvent {
  seq: number;
  event: EventEnvelope;
}

/** One instance's publish cursor over the server journal. */
export interface PumpCursor {
  /** The saved cursor (0 before the first publish). */
  read(): number;
  /** Saves `seq` as published (durable before it returns). */
  write(seq: number): void;
  /** Up to `limit` events stored after `seq` that did not come from NATS, oldest first. */
  pendingAfter(seq: number, limit: number): PendingEvent[];
}

/** `serverId`'s cursor over `db` (its table comes from storage/migrations.ts). */
export function createPumpCursor(db: ServerDb, serverId: string): PumpCursor {
  const select = db.prepare<[string], { seq: number }>('SELECT seq FROM nats_publish_cursor WHERE server_id = ?');
  const upsert = db.prepare<[string, number]>(
    'INSERT INTO nats_publish_cursor (server_id, seq) VALUES (?, ?) ON CONFLICT(server_id) DO UPDATE SET seq = excluded.seq',
  );
  const pending = db.prepare<[number, number], { server_seq: number; json: string }>(
    "SELECT server_seq, json FROM events WHERE server_seq > ? AND origin <> 'nats' ORDER BY server_seq LIMIT ?",
  );
  return {
    read: () => select.get(serverId)?.seq ?? 0,
    write: (seq) => void upsert.run(serverId, seq),
    pendingAfter: (seq, limit) =>
      pending.all(seq, limit).map((row) => ({ seq: row.server_seq, event: JSON.parse(row.json) as EventEnvelope })),
  };
}
