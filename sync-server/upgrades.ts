/**
 * WebSocket upgrades on the raw Node server, gated BEFORE the handshake: `/sync`
 * (event replication) here, other handlers (the Yjs relay) plugged in as they return
 * true for the paths they own. Unknown paths get 404; a disallowed Origin 403.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { SYNC_MAX_FRAME_BYTES } from '../spec/sync-protocol';
import type { ServerParts } from './app';
import { guardUpgrade, rejectUpgrade } from './http/upgrade-guard';
import { syncPrincipalOf } from './routes/journal-routes';

/** Handles the upgrade and returns true when `request` is for a path it owns. */
export type PathUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

export interface UpgradeDispatcher {
  (request: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

function plainReject(socket: Duplex, status: 403 | 404, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
}

/**
 * True when a browser's `Origin` may open a socket: no Origin (not a browser), the
 * server's own origin, or one listed in ARW_ALLOWED_ORIGINS.
 */
export function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || allowed.includes('*') || allowed.includes(origin)) return true;
  const host = request.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Builds the dispatcher for `server.on('upgrade', dispatcher)`. */
export function createUpgradeDispatcher(parts: ServerParts, others: readonly PathUpgrade[] = []): UpgradeDispatcher {
  const wss = new WebSocketServer({ noServer: true, maxPayload: SYNC_MAX_FRAME_BYTES, perMessageDeflate: false });
  const dispatch = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/sync') {
      if (!originAllowed(request, parts.config.ARW_ALLOWED_ORIGINS)) return plainReject(socket, 403, 'origin not allowed');
      const verdict = guardUpgrade(parts.guard, request, { gate: { sync: 'events:read' }, gatingKey: 'events:read' }, parts.config.ARW_TRUST_FORWARD_HEADERS);
      if (!verdict.ok) return rejectUpgrade(socket, verdict, path);
      const principal = syncPrincipalOf(verdict.principal!);
      wss.handleUpgrade(request, socket, head, (ws) => {
        parts.metrics.wsOpened('sync');
        ws.once('close', () => parts.metrics.wsClosed('sync'));
        parts.journal.hub.handleConnection(ws, principal);
      });
      return;
    }
    for (const other of others) if (other(request, socket, head)) return;
    plainReject(socket, 404, 'no WebSocket route here');
  };
  return Object.assign(dispatch, {
    close: () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  });
}
