/**
 * Publishes this instance's journal to NATS from a cursor kept in SQLite, so events
 * accepted while NATS is down, or before a restart, still reach the other instances:
 * the cursor moves only after the bridge's outbox has flushed (JetStream acked) the
 * batch. Events that came from NATS are never sent back. Duplicates after a crash are
 * harmless: JetStream de-duplicates by Nats-Msg-Id and every store by event id.
 */
import type { EventEnvelope } from '../../spec/envelope';
import type { ServerDb } from '../storage/db';
import type { NatsBridge } from './types';

export interface EventPump {
  /** Publishes what is pending; safe to call often (runs one pass at a time). */
  kick(): void;
  /** Highest server_seq known to be published. */
  cursor(): number;
  stop(): void;
}

const BATCH = 500;

export function createEventPump(options: { db: ServerDb; bridge: NatsBridge; serverId: string; retryMs?: number; onError?: (error: unknown) => void }): EventPump {
  const { db, bridge } = options;
  db.exec('CREATE TABLE IF NOT EXISTS nats_publish_cursor (server_id TEXT PRIMARY KEY, seq INTEGER NOT NULL)');
  const readCursor = db.prepare<[string], { seq: number }>('SELECT seq FROM nats_publish_cursor WHERE server_id = ?');
  const writeCursor = db.prepare('INSERT INTO nats_publish_cursor (server_id, seq) VALUES (?, ?) ON CONFLICT(server_id) DO UPDATE SET seq = excluded.seq');
  const pending = db.prepare<[number, number], { server_seq: number; json: string }>(
    "SELECT server_seq, json FROM events WHERE server_seq > ? AND origin <> 'nats' ORDER BY server_seq LIMIT ?",
  );
  let cursor = readCursor.get(options.serverId)?.seq ?? 0;
  let running = false;
  let again = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const pass = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (;;) {
          if (stopped || bridge.state() !== 'connected') return;
          const rows = pending.all(cursor, BATCH);
          if (rows.length === 0) break;
          for (const row of rows) bridge.publishEvent(JSON.parse(row.json) as EventEnvelope);
          if (!(await bridge.flush(10_000))) {
            schedule();
            return;
          }
          cursor = rows[rows.length - 1]!.server_seq;
          writeCursor.run(options.serverId, cursor);
        }
      } while (again);
    } catch (error) {
      options.onError?.(error);
      schedule();
    } finally {
      running = false;
    }
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void pass();
    }, options.retryMs ?? 1000);
    timer.unref?.();
  };
  return {
    kick: () => void pass(),
    cursor: () => cursor,
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
