/**
 * Starts a Yjs relay behind a plain Node http server on 127.0.0.1 (port 0 or given) for
 * tests, with the server's real WebSocket route table and guard in front of it; only
 * the token table is the test's own (TEST_TOKENS, FORBIDDEN_TOKEN lacks `yjs:connect`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openServerDb, type ServerDb } from '../../sync-server/storage/db';
import { createYjsStore, type YjsStore } from '../../sync-server/storage/yjs-store';
import { createGatingPolicy } from '../../core/gating/deny-list';
import { createSlidingWindowLimiter } from '../../core/rate-limit/sliding-window';
import type { Authenticator } from '../../sync-server/auth/authenticate';
import { createSessionRegistry } from '../../sync-server/auth/sessions';
import { parseDocName } from '../../sync-server/relay/doc-name';
import { createGuard } from '../../sync-server/http/guard';
import { createHostPolicy } from '../../sync-server/http/host-policy';
import { createUpgradeRoutes } from '../../sync-server/http/upgrade-routes';
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

export const quietLog = {
  info: () => {},
  warn: () => {},
  error: (obj: object, msg?: string) => console.error(msg, obj),
};

/** Opens (or reopens) the SQLite file at `dbPath` and serves the relay on it. */
export async function startRelayServer(
  dbPath: string,
  options: { port?: number; relay?: Partial<YjsRelayOptions> } = {},
): Promise<RelayServer> {
  const db = openServerDb(dbPath);
  const store = createYjsStore(db);
  const relay = createYjsRelay({ store, log: quietLog, ...options.relay });
  const upgrade = testUpgradeRoutes(relay);
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', upgrade.dispatch);
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

/** The server's upgrade route table for `/yjs/:doc` over the test tokens. */
function testUpgradeRoutes(relay: YjsRelay) {
  const authenticator: Authenticator = {
    authenticate(token) {
      const scopes = token === FORBIDDEN_TOKEN ? ['events:read'] : ['yjs:connect'];
      const id = token === FORBIDDEN_TOKEN ? 'reader' : token === undefined ? undefined : TEST_TOKENS[token];
      if (token === undefined) return { ok: false, reason: 'missing' };
      if (id === undefined) return { ok: false, reason: 'unknown' };
      return { ok: true, principal: { kind: 'sync', id, label: id, scopes, projects: null, fingerprint: id } };
    },
  };
  const limiter = () => createSlidingWindowLimiter({ limit: 100_000, windowMs: 60_000, clock: { now: Date.now } });
  const guard = createGuard({
    authenticator,
    gating: createGatingPolicy(),
    limiters: { admin: limiter(), sync: limiter(), public: limiter() },
    authFailureCost: 1,
  });
  const live = {
    id: '',
    label: '',
    kind: 'sync',
    scopes: [],
    projects: null,
    sha256: '',
    createdAt: 0,
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
  } as const;
  const routes = createUpgradeRoutes({
    guard,
    hosts: createHostPolicy({ bind: '127.0.0.1', allowedHosts: [] }),
    allowedOrigins: [ALLOWED_ORIGIN],
    trustedProxies: [],
    sessions: createSessionRegistry({
      store: { get: (id) => ({ ...live, id, scopes: [], projects: null }) },
      now: Date.now,
    }),
  });
  routes.declare(
    {
      path: '/yjs/:doc',
      gate: { sync: 'yjs:connect' },
      description: 'test relay',
      channel: 'yjs',
      maxPayload: relay.maxFrameBytes,
      params: (raw) => parseDocName(raw['doc'] ?? ''),
    },
    (ws, { params, principal }) => relay.handleConnection(ws, params.doc, { id: principal.id }),
  );
  return routes;
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
  return provider.synced
    ? Promise.resolve()
    : new Promise((resolve) => provider.once('sync', (ok: boolean) => ok && resolve()));
}

/** Destroys providers and terminates their sockets. */
export function destroyClients(providers: WebsocketProvider[]): void {
  for (const provider of providers) {
    (provider.ws as WebSocket | null)?.terminate?.();
    provider.destroy();
  }
}
