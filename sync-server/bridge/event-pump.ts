/**
 * Publishes this instance's journal to NATS from a cursor kept in SQLite, so events
 * accepted while NATS is down, or before a restart, still reach the other instances:
 * the cursor moves only after the bridge's outbox has flushed (JetStream acked) the
 * batch. Events that came from NATS are never sent back. Duplicates after a crash are
 * harmless: JetStream de-duplicates by Nats-Msg-Id and every store by event id.
 */
import type { PumpCursor } from '../storage/pump-cursor';
import type { NatsBridge } from './types';

export interface EventPump {
  /** Publishes what is pending; safe to call often (runs one pass at a time). */
  kick(): void;
  /** Highest server_seq known to be published. */
  cursor(): number;
  stop(): void;
}

const BATCH = 500;

/** `store` is this instance's cursor over its journal (storage/pump-cursor.ts). */
export function createEventPump(options: {
  store: PumpCursor;
  bridge: NatsBridge;
  retryMs?: number;
  onError?: (error: unknown) => void;
}): EventPump {
  const { store, bridge } = options;
  let cursor = store.read();
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
          const rows = store.pendingAfter(cursor, BATCH);
          if (rows.length === 0) break;
          for (const row of rows) bridge.publishEvent(row.event);
          if (!(await bridge.flush(10_000))) {
            schedule();
            return;
          }
          cursor = rows[rows.length - 1]!.seq;
          store.write(cursor);
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
