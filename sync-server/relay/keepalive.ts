/**
 * WebSocket keepalive for the relay: one timer pings every socket each period; any
 * frame or pong counts as a sign of life, and a socket is dropped only after
 * `maxMissed` silent periods, so a client busy with a large first sync is not killed
 * by a single missed pong (the 30 s idle close of the stock server).
 */
import type { WebSocket } from 'ws';

export interface Keepalive {
  watch(ws: WebSocket): void;
  /** Marks `ws` alive (call on every received frame). */
  alive(ws: WebSocket): void;
  forget(ws: WebSocket): void;
  stop(): void;
}

/** Starts the shared ping timer (unref'd: it never keeps the process alive). */
export function createKeepalive(intervalMs: number, maxMissed: number): Keepalive {
  const missed = new Map<WebSocket, number>();
  const timer = setInterval(() => {
    for (const [ws, count] of missed) {
      if (count >= maxMissed) {
        ws.terminate();
        missed.delete(ws);
        continue;
      }
      missed.set(ws, count + 1);
      if (ws.readyState === ws.OPEN) ws.ping();
    }
  }, intervalMs);
  timer.unref?.();
  return {
    watch(ws) {
      missed.set(ws, 0);
      ws.on('pong', () => {
        if (missed.has(ws)) missed.set(ws, 0);
      });
    },
    alive(ws) {
      if (missed.has(ws)) missed.set(ws, 0);
    },
    forget: (ws) => void missed.delete(ws),
    stop: () => clearInterval(timer),
  };
}
