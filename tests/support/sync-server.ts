/**
 * A sync server for tests, shaped like the real one: node http on 127.0.0.1 port 0,
 * the journal routes on a Hono app, and a `ws` upgrade handler for /sync that maps
 * `?token=` to a principal and answers 401 before the handshake for anything else.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { WebSocketServer } from 'ws';
import { SYNC_MAX_FRAME_BYTES } from '../../spec/sync-protocol';
import { DB_FILE_NAME, openServerDb, type ServerDb } from '../../sync-server/storage/db';
import { createEventStore, type EventStore } from '../../sync-server/storage/event-store';
import { createSyncHub, type SyncHub, type SyncPrincipal } from '../../sync-server/replication/sync-hub';
import { createServerReadModels, type ServerReadModels } from '../../sync-server/replication/read-model-state';
import { authorizeSink, type Authorize } from '../../sync-server/replication/http';
import { mountEventRoutes } from '../../sync-server/routes/events';
import { mountStateRoutes } from '../../sync-server/routes/state';

/** Tokens the test server knows, and who they are. */
export const TEST_TOKENS: Record<string, SyncPrincipal> = {
  'test-token-all': { device: 'admin', projects: '*', canPush: true, canRead: true },
  'test-token-p1': { device: 'dev-p1', projects: ['p1'], canPush: true, canRead: true },
  'test-token-readonly': { device: 'reader', projects: ['p1'], canPush: false, canRead: true },
};

export interface SyncTestServer {
  port: number;
  url: string;
  /** ws:// URL of /sync with `?token=`. */
  syncUrl(token?: string): string;
  store: EventStore;
  hub: SyncHub;
  readModels: ServerReadModels;
  db: ServerDb;
  close(): Promise<void>;
}

const quietLog = {
  info: () => {},
  warn: () => {},
  error: (fields: object, message?: string) => console.error(message, fields),
};

/** Starts the server over `dataDir/DB_FILE_NAME` (or an in-memory database). */
export async function startSyncTestServer(
  options: { dataDir?: string; port?: number; keepAliveMs?: number } = {},
): Promise<SyncTestServer> {
  const db = openServerDb(options.dataDir === undefined ? ':memory:' : join(options.dataDir, DB_FILE_NAME));
  const store = createEventStore(db);
  const clock = { now: () => Date.now() };
  const hub = createSyncHub({ store, serverId: 'test-server', clock, log: quietLog });
  const readModels = createServerReadModels(store);
  const principalOf = (token: string | null | undefined) => (token ? TEST_TOKENS[token] : undefined);

  const authorize: Authorize = (c, _need, project) => {
    const bearer = c.req.header('Authorization')?.replace(/^Bearer\s+/i, '');
    const principal = principalOf(bearer ?? new URL(c.req.url).searchParams.get('token'));
    if (principal === undefined)
      return c.json({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized' }, 401);
    if (principal.projects !== '*' && (project === undefined || !principal.projects.includes(project))) {
      return c.json({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden' }, 403);
    }
    return undefined;
  };
  const app = new Hono();
  const route = authorizeSink(app, authorize);
  mountEventRoutes(route, {
    store,
    serverId: 'test-server',
    clock,
    ...(options.keepAliveMs ? { keepAliveMs: options.keepAliveMs } : {}),
  });
  mountStateRoutes(route, { readModels, clock });

  const server: Server = createServer(getRequestListener(app.fetch));
  const wss = new WebSocketServer({ noServer: true, maxPayload: SYNC_MAX_FRAME_BYTES });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const principal = principalOf(url.searchParams.get('token'));
    if (url.pathname !== '/sync' || principal === undefined) {
      socket.end(
        `HTTP/1.1 ${url.pathname !== '/sync' ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => hub.handleConnection(ws, principal));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    syncUrl: (token = 'test-token-all') => `ws://127.0.0.1:${port}/sync?token=${encodeURIComponent(token)}`,
    store,
    hub,
    readModels,
    db,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        readModels.close();
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => {
          db.close();
          resolve();
        });
      }),
  };
}
