/**
 * Backpressure on relay sockets (issue 9 item 6): every frame the relay sends goes
 * through one sender. A socket whose send buffer is already past the limit belongs to a
 * peer that stopped reading; it gets nothing more, is closed (SYNC_CLOSE.slowConsumer)
 * and terminated soon after, so what it buffered is released. y-websocket resyncs on reconnect.
 */
import type { WebSocket } from 'ws';
import { SYNC_CLOSE } from '../../spec';

/** Sends one frame to one socket (or sheds the socket). */
export type FrameSender = (ws: WebSocket, message: Uint8Array) => void;

export interface FrameSenderOptions {
  /** Buffered bytes past which a socket is shed. */
  maxBufferedBytes: number;
  /** How long a shed socket gets to finish the close handshake before it is terminated. */
  closeGraceMs?: number;
  /** Called once per shed socket, with what it had buffered. */
  onShed?: (ws: WebSocket, bufferedBytes: number) => void;
}

/**
 * The check runs before a frame is queued, so one large frame (a first sync of a big
 * document) onto an empty buffer always goes out; a socket holds at most the limit
 * plus one frame.
 */
export function createFrameSender(options: FrameSenderOptions): FrameSender {
  const { maxBufferedBytes, onShed } = options;
  const closeGraceMs = options.closeGraceMs ?? 1_000;

  const shed = (ws: WebSocket, bufferedBytes: number) => {
    onShed?.(ws, bufferedBytes);
    // A peer that does not read never sees the close frame (it is queued behind the
    // backlog), so the close handshake cannot be counted on to free the buffer.
    const timer = setTimeout(() => ws.terminate(), closeGraceMs);
    timer.unref?.();
    ws.once('close', () => clearTimeout(timer));
    ws.close(SYNC_CLOSE.slowConsumer, 'slow consumer');
  };

  return (ws, message) => {
    if (ws.readyState !== ws.OPEN) return;
    const buffered = ws.bufferedAmount;
    if (buffered > maxBufferedBytes) return shed(ws, buffered);
    ws.send(message, (error) => {
      // A dead peer must not stall the document.
      if (error) ws.terminate();
    });
  };
}
