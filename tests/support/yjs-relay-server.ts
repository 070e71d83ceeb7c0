/** Starts a Yjs relay behind a plain Node http server on 127.0.0.1 (port 0 or given) for tests. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openServerDb, type ServerDb } from '../../sync-server/storage/db';
import { createYjsStore, type YjsStore } from '../../sync-server/storage/yjs-store';
import { createUpgradeHandler } from '../../sync-server/relay/upgrade';
import { createYjsRelay, type YjsRelay, type YjsRelayOptions } from '../../sync-server/relay/yjs-relay';

export const TEST_TOKENS: Record<string, string> = { 'good-token': 'alice', 'other-token': 'bob' };
/** A known token whose scope does not cover any document (→ 403). */
export const FORBIDDEN_TOKEN = 'read-only-token';
export const ALLOWED_ORIGIN = 'http://app.test';

export interface RelayServer {
  url: string;
  wsUrl: string;
  port: number;
  relay: YjsRelay;
  store: YjsStore;
  db: ServerDb;
  close(): Promise<void>;
}

export const quietLog = { info: () => {}, warn: () => {}, error: (obj: object, msg?: string) => console.error(msg, obj) };

/** Opens (or reopens) the SQLite file at `dbPath` and serves the relay on it. */
export async function startRelayServer(
  dbPath: string,
  options: { port?: number; relay?: Partial<YjsRelayOptions> } = {},
): Promise<RelayServer> {
  const db = openServerDb(dbPath);
  const store = createYjsStore(db);
  const relay = createYjsRelay({ store, log: quietLog, ...options.relay });
  const upgrade = createUpgradeHandler({
    relay,
    allowedOrigins: [ALLOWED_ORIGIN],
    authenticate: (token) => (token === FORBIDDEN_TOKEN ? 'forbidden' : TEST_TOKENS[token] ? { id: TEST_TOKENS[token]! } : undefined),
  });
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => {
    if (!upgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/yjs`,
    port,
    relay,
    store,
    db,
    close: async () => {
      relay.close();
      upgrade.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      db.close();
    },
  };
}

/** A y-websocket client (the package's own provider) on `wsUrl/<doc>` with `?token=`. */
export function connectClient(wsUrl: string, doc: string, token = 'good-token', ydoc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(wsUrl, doc, ydoc, {
    WebSocketPolyfill: WebSocket as never,
    params: { token },
    disableBc: true,
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves when the provider reports `synced`. */
export function synced(provider: WebsocketProvider): Promise<void> {
  return provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once('sync', (ok: boolean) => ok && resolve()));
}

/** Destroys providers and terminates their sockets. */
export function destroyClients(providers: WebsocketProvider[]): void {
  for (const provider of providers) {
    (provider.ws as WebSocket | null)?.terminate?.();
    provider.destroy();
  }
}
