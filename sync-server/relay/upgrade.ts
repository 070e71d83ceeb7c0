/**
 * The HTTP `upgrade` handler for `/yjs/:doc`: checks `Origin` (403) and `?token=` (401)
 * on the raw request BEFORE the WebSocket handshake, then hands the socket to the
 * relay. Owns no documents; plug it into a Node http server's 'upgrade' event.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RelayPrincipal, YjsRelay } from './yjs-relay';

export interface UpgradeHandlerOptions {
  relay: YjsRelay;
  /**
   * Resolves a sync token to a principal for `docName`: undefined = unknown token (401);
   * 'forbidden' = known token without the scope, or the `yjs:connect` gate denied (403).
   */
  authenticate: (token: string, docName: string) => AuthResult | Promise<AuthResult>;
  /** Allowed `Origin` values besides the server's own; no Origin (non-browser client) is allowed; '*' allows all. */
  allowedOrigins: readonly string[];
  /** Path prefix served (default `/yjs/`). */
  pathPrefix?: string;
}

export type AuthResult = RelayPrincipal | undefined | 'forbidden';

/** Returns true when it handled (accepted or rejected) the request, false when the path is not ours. */
export type UpgradeHandler = ((request: IncomingMessage, socket: Duplex, head: Buffer) => boolean) & {
  /** Closes the internal WebSocketServer (the relay is closed separately). */
  close(): void;
};

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden' };

function reject(socket: Duplex, status: number): void {
  const body = STATUS_TEXT[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${body}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
}

/** Decodes `/yjs/<doc>` into the document name (URL-decoded, 1–512 characters). */
export function docNameFromPath(pathname: string, prefix: string): string | undefined {
  if (!pathname.startsWith(prefix)) return undefined;
  try {
    const name = decodeURIComponent(pathname.slice(prefix.length));
    return name.length > 0 && name.length <= 512 ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the upgrade handler; frames above `relay.maxFrameBytes` are closed with 1009 by ws itself. */
export function createUpgradeHandler(options: UpgradeHandlerOptions): UpgradeHandler {
  const prefix = options.pathPrefix ?? '/yjs/';
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.relay.maxFrameBytes, perMessageDeflate: false });
  const allowAll = options.allowedOrigins.includes('*');

  const handler = (request: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(prefix)) return false;
    socket.on('error', () => socket.destroy());
    const docName = docNameFromPath(url.pathname, prefix);
    if (docName === undefined) {
      reject(socket, 400);
      return true;
    }
    const origin = request.headers.origin;
    const host = request.headers.host;
    const sameOrigin = host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
    if (origin !== undefined && !allowAll && !sameOrigin && !options.allowedOrigins.includes(origin)) {
      reject(socket, 403);
      return true;
    }
    const token = url.searchParams.get('token') ?? '';
    Promise.resolve(token === '' ? undefined : options.authenticate(token, docName))
      .then((principal) => {
        if (principal === 'forbidden') return reject(socket, 403);
        if (!principal) return reject(socket, 401);
        wss.handleUpgrade(request, socket, head, (ws) => options.relay.handleConnection(ws, docName, principal));
      })
      .catch(() => reject(socket, 401));
    return true;
  };
  return Object.assign(handler, { close: () => wss.close() });
}
