/**
 * `createApp(deps)` / `buildServer(deps)` build the Hono app without listening, so
 * tests call it in process (`app.request()`) or mount it on a port-0 server. Order:
 * request context → Host allow-list → security headers → CORS → registry routes (each
 * with its own gate; WebSocket routes too) → static PWA → JSON 404. Other modules add routes through `deps.mount`.
 */
import { Hono } from 'hono';
import { createGatingPolicy, type GatingPolicy } from '../core/gating/deny-list';
import { createSlidingWindowLimiter } from '../core/rate-limit/sliding-window';
import type { OpenApiRoute } from '../spec/openapi';
import { createAuthenticator, type Authenticator } from './auth/authenticate';
import { createSessionRegistry, type SessionRegistry } from './auth/sessions';
import { createTokenStore } from './auth/token-store';
import { createTokenService, type TokenService } from './auth/tokens';
import { loadConfig, type Config } from './config';
import { requestContext, type AppEnv, type RequestObservation } from './http/context';
import { cors } from './http/cors';
import { createGuard, type Guard } from './http/guard';
import { createHostPolicy, hostGuard } from './http/host-policy';
import { errorToResponse, problemResponse } from './http/problem';
import { createRouteRegistry, type RouteRegistry } from './http/route-registry';
import { createServerMetrics, type NatsState, type ServerMetrics } from './metrics/server-metrics';
import { mountAbout } from './routes/about';
import { mountAdminGating } from './routes/admin-gating';
import { mountAdminTokens } from './routes/admin-tokens';
import { mountHealth } from './routes/health';
import { mountJournal, type JournalParts } from './routes/journal-routes';
import { mountMetrics, mountRouteStats } from './routes/metrics';
import { createRouteStats } from '../core/metrics/route-stats';
import { mountSpec } from './routes/spec';
import { mountStaticApp } from './routes/static-app';
import { securityHeaders } from './security-headers';
import { openServerDb, type ServerDb } from './storage/db';

export interface AppDeps {
  /** Folder of the built PWA (vite's dist/). */
  staticDir: string;
  dataDir: string;
  version: string;
  /** Parsed configuration (default: all defaults). */
  config?: Config;
  /** The server database (default: in memory). */
  db?: ServerDb;
  /** SHA-256 digests of env-preset admin tokens (see auth/bootstrap.ts). */
  presetAdminDigests?: readonly string[];
  now?: () => number;
  /** Access-log sink, used when ARW_LOG_REQUESTS=1 (default console.log). */
  log?: (line: string) => void;
  /** Hook for other modules to declare routes before the static app and 404. */
  mount?: (parts: ServerParts) => void;
  /** This instance's id (welcome messages, NATS loop prevention); default random. */
  serverId?: string;
}

/** What other modules wire into: declare routes, guard upgrades, report metrics. */
export interface ServerParts {
  app: Hono<AppEnv>;
  registry: RouteRegistry;
  guard: Guard;
  gating: GatingPolicy;
  authenticator: Authenticator;
  tokens: TokenService;
  metrics: ServerMetrics;
  config: Config;
  /** The registry as OpenAPI input (for /spec and scripts/gen-spec.ts). */
  routeDocs(): OpenApiRoute[];
  /** Reports the NATS bridge state to /healthz and the arw_nats_state gauge. */
  setNatsState(state: NatsState): void;
  /** The server journal: event store, read-models and the /sync hub. */
  journal: JournalParts;
  serverId: string;
  db: ServerDb;
  /** Open sockets and streams by token: revoking a token ends them. */
  sessions: SessionRegistry;
}

/** Builds the app and returns its parts. */
export function buildServer(deps: AppDeps): ServerParts {
  const config = deps.config ?? loadConfig({});
  const now = deps.now ?? Date.now;
  const clock = { now };
  const app = new Hono<AppEnv>();
  const metrics = createServerMetrics();
  const gating = createGatingPolicy(config.ARW_GATING_DENY);
  const db = deps.db ?? openServerDb(':memory:');
  const serverId = deps.serverId ?? `srv-${crypto.randomUUID()}`;
  const store = createTokenStore(db);
  const sessions = createSessionRegistry({ store, now });
  const tokens = createTokenService(store, now, (id) => sessions.revoked(id));
  const authenticator = createAuthenticator({ store, presetAdminDigests: deps.presetAdminDigests ?? [], now });
  const limiter = (spec: { limit: number; windowMs: number }) => createSlidingWindowLimiter({ ...spec, clock });
  const guard = createGuard({
    authenticator,
    gating,
    limiters: { admin: limiter(config.ARW_RATE_LIMIT), sync: limiter(config.ARW_RATE_LIMIT_SYNC), public: limiter(config.ARW_RATE_LIMIT_PUBLIC) },
    authFailureCost: config.ARW_AUTH_FAILURE_COST,
    onRateLimited: (group) => metrics.rateLimited(group),
  });
  const log = config.ARW_LOG_REQUESTS ? (deps.log ?? ((line: string) => console.log(line))) : undefined;
  const routeStats = createRouteStats();
  const observe = (o: RequestObservation) => {
    metrics.observeRequest(o);
    routeStats.record(o.method, o.route, o.seconds * 1000, o.status, now());
  };
  const hosts = createHostPolicy({ bind: config.ARW_BIND, allowedHosts: config.ARW_ALLOWED_HOSTS });
  app.use('*', requestContext({ observe, ...(log ? { log } : {}) }));
  app.use('*', hostGuard(hosts));
  app.use('*', securityHeaders());
  app.use('*', cors(config.ARW_ALLOWED_ORIGINS));
  const registry = createRouteRegistry(app, {
    guard,
    trustedProxies: config.ARW_TRUST_FORWARD_HEADERS,
    maxBodyBytes: config.ARW_BODY_LIMIT_BYTES,
    hosts,
    allowedOrigins: config.ARW_ALLOWED_ORIGINS,
    sessions,
    onOpened: (channel) => metrics.wsOpened(channel),
    onClosed: (channel) => metrics.wsClosed(channel),
  });
  const routeDocs = (): OpenApiRoute[] =>
    registry.list().map((r) => ({ method: r.method, path: r.path, gate: r.gate, gatingKey: r.gatingKey, description: r.description, body: r.spec?.body, query: r.spec?.query, response: r.spec?.response, produces: r.spec?.produces }));
  let natsState: NatsState = 'disabled';
  const setNatsState = (state: NatsState) => {
    natsState = state;
    metrics.setNatsState(state);
  };
  const quiet = { info: () => undefined, warn: (m: string) => console.warn(`[arw] ${m}`), error: (m: string) => console.error(`[arw] ${m}`) };
  const journal = mountJournal(registry, {
    db, serverId, clock, log: quiet, sessions,
    onRejected: (kind, reason) => metrics.eventRejected(kind, `invalid:${reason}`),
    onUnreadable: () => metrics.eventUnreadable(),
    limits: { event: { maxDepth: config.ARW_EVENT_MAX_DEPTH, maxBytes: config.ARW_EVENT_MAX_BYTES }, maxFutureSecs: config.ARW_EVENT_MAX_FUTURE_SECS },
  });
  journal.events.onAppended((events) => {
    for (const event of events) metrics.eventAccepted(event.kind);
  });
  const parts: ServerParts = { app, registry, guard, gating, authenticator, tokens, metrics, config, routeDocs, setNatsState, journal, serverId, db, sessions };
  mountHealth(registry, { dataDir: deps.dataDir, version: deps.version, startedAt: now(), natsState: () => natsState });
  mountAbout(registry, { version: deps.version });
  mountSpec(registry, routeDocs);
  mountMetrics(registry, metrics, { public: config.ARW_METRICS_PUBLIC });
  mountRouteStats(registry, routeStats, now);
  mountAdminTokens(registry, tokens);
  mountAdminGating(registry, gating);
  deps.mount?.(parts);
  mountStaticApp(app, deps.staticDir);
  app.notFound((c) => problemResponse('not-found', `No route for ${c.req.method} ${c.req.path}`, c.req.path));
  app.onError((error, c) => {
    const response = errorToResponse(error, c);
    if (response.status >= 500) console.error(`[arw] ${c.req.method} ${c.req.path} failed:`, error);
    return response;
  });
  return parts;
}

/** The Hono app alone (tests and the e2e fixture). */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  return buildServer(deps).app;
}
