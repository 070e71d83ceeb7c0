/**
 * `createApp(deps)` / `buildServer(deps)` build the Hono app without listening, so
 * tests call it in process (`app.request()`) or mount it on a port-0 server. Order:
 * request context → Host allow-list → security headers → CORS → registry routes (each
 * with its own gate; WebSocket routes too) → static PWA → JSON 404. Other modules add
 * routes through `deps.mount`; what it returns is only what composers and tests use.
 */
import { Hono } from 'hono';
import { createGatingPolicy, type GatingPolicy } from '../core/gating/deny-list';
import { createSlidingWindowLimiter } from '../core/rate-limit/sliding-window';
import type { OpenApiRoute } from '../spec/openapi';
import { createAuthenticator } from './auth/authenticate';
import { createSessionRegistry } from './auth/sessions';
import { createTokenStore } from './auth/token-store';
import { createTokenService, type TokenService } from './auth/tokens';
import { loadConfig, type Config } from './config';
import { requestContext, type AppEnv, type RequestObservation } from './http/context';
import { cors } from './http/cors';
import { createGuard } from './http/guard';
import { createHostPolicy, hostGuard } from './http/host-policy';
import { errorToResponse, problemResponse } from './http/problem';
import { createRouteRegistry, type RouteRegistry } from './http/route-registry';
import { consoleLog, type ServerLog } from './log';
import { createServerMetrics, type NatsState, type ServerMetrics } from './metrics/server-metrics';
import { mountAbout } from './routes/about';
import { mountAdminGating } from './routes/admin-gating';
import { mountAdminTokens } from './routes/admin-tokens';
import { mountAdminPolicies } from './policy/admin-policies';
import { createServerPolicies, type ServerPolicies } from './policy/server-policies';
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
  accessLog?: (line: string) => void;
  /** Warnings and errors of the journal, the /sync hub and failed requests (default consoleLog). */
  log?: ServerLog;
  /** Hook for other modules to declare routes before the static app and 404. */
  mount?: (registry: RouteRegistry) => void;
  /** This instance's id (welcome messages, NATS loop prevention); default newServerId(). */
  serverId?: string;
  /** The instance's metrics (default fresh ones); compose.ts shares them with the relay and the bridge. */
  metrics?: ServerMetrics;
  /** The NATS bridge's state for /healthz (default: always 'disabled'). */
  natsState?: () => NatsState;
}

/** What buildServer hands back: the app to serve and the few handles composers and tests use. */
export interface BuiltServer {
  /** `fetch` for listen(), `request()` for in-process tests. */
  app: Hono<AppEnv>;
  /** Declares more routes and upgrades (compose.ts adds /yjs) and serves the upgrades. */
  registry: RouteRegistry;
  /** The server journal: event store, read-models and the /sync hub. */
  journal: JournalParts;
  /** The database the journal and tokens live in (given, or in memory). */
  db: ServerDb;
  /** Admin state the admin routes change. */
  tokens: TokenService;
  gating: GatingPolicy;
  /** The Cedar policies the server decides with (shipped + project-shared). */
  policies: ServerPolicies;
  /** Ends upgrades, token sessions and the journal: before the HTTP server closes. */
  close(): void;
}

/** A fresh instance id. */
export function newServerId(): string {
  return `srv-${crypto.randomUUID()}`;
}

/** The registry's routes as OpenAPI input (for /spec and scripts/gen-spec.ts). */
export function routeDocsOf(registry: Pick<RouteRegistry, 'list'>): OpenApiRoute[] {
  return registry.list().map((r) => ({
    method: r.method,
    path: r.path,
    gate: r.gate,
    gatingKey: r.gatingKey,
    description: r.description,
    body: r.spec?.body,
    query: r.spec?.query,
    response: r.spec?.response,
    produces: r.spec?.produces,
  }));
}

/** Builds the app and its journal over `deps.db`. */
export function buildServer(deps: AppDeps): BuiltServer {
  const config = deps.config ?? loadConfig({});
  const now = deps.now ?? Date.now;
  const clock = { now };
  const app = new Hono<AppEnv>();
  const metrics = deps.metrics ?? createServerMetrics();
  const gating = createGatingPolicy(config.ARW_GATING_DENY);
  const db = deps.db ?? openServerDb(':memory:');
  const serverId = deps.serverId ?? newServerId();
  const log = deps.log ?? consoleLog;
  const store = createTokenStore(db);
  const sessions = createSessionRegistry({ store, now });
  const tokens = createTokenService(store, now, (id) => sessions.revoked(id));
  const authenticator = createAuthenticator({ store, presetAdminDigests: deps.presetAdminDigests ?? [], now });
  const limiter = (spec: { limit: number; windowMs: number }) => createSlidingWindowLimiter({ ...spec, clock });
  const guard = createGuard({
    authenticator,
    gating,
    limiters: {
      admin: limiter(config.ARW_RATE_LIMIT),
      sync: limiter(config.ARW_RATE_LIMIT_SYNC),
      public: limiter(config.ARW_RATE_LIMIT_PUBLIC),
    },
    authFailureCost: config.ARW_AUTH_FAILURE_COST,
    onRateLimited: (group) => metrics.rateLimited(group),
  });
  const accessLog = config.ARW_LOG_REQUESTS ? (deps.accessLog ?? ((line: string) => console.log(line))) : undefined;
  const routeStats = createRouteStats();
  const observe = (o: RequestObservation) => {
    metrics.observeRequest(o);
    routeStats.record(o.method, o.route, o.seconds * 1000, o.status, now());
  };
  const hosts = createHostPolicy({ bind: config.ARW_BIND, allowedHosts: config.ARW_ALLOWED_HOSTS });
  app.use('*', requestContext({ observe, ...(accessLog ? { log: accessLog } : {}) }));
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
  const journal = mountJournal(registry, {
    db,
    serverId,
    clock,
    log,
    sessions,
    onRejected: (kind, reason) => metrics.eventRejected(kind, `invalid:${reason}`),
    onUnreadable: () => metrics.eventUnreadable(),
    limits: {
      event: { maxDepth: config.ARW_EVENT_MAX_DEPTH, maxBytes: config.ARW_EVENT_MAX_BYTES },
      maxFutureSecs: config.ARW_EVENT_MAX_FUTURE_SECS,
    },
  });
  journal.events.onAppended((events) => {
    for (const event of events) metrics.eventAccepted(event.kind);
  });
  mountHealth(registry, {
    dataDir: deps.dataDir,
    version: deps.version,
    startedAt: now(),
    natsState: deps.natsState ?? (() => 'disabled'),
    readModels: () => journal.readModels.status(),
  });
  mountAbout(registry, { version: deps.version });
  mountSpec(registry, () => routeDocsOf(registry));
  mountMetrics(registry, metrics, { public: config.ARW_METRICS_PUBLIC });
  mountRouteStats(registry, routeStats, now);
  mountAdminTokens(registry, tokens);
  mountAdminGating(registry, gating);
  const policies = createServerPolicies(journal.events, { now, device: serverId });
  mountAdminPolicies(registry, policies);
  deps.mount?.(registry);
  mountStaticApp(app, deps.staticDir);
  app.notFound((c) => problemResponse('not-found', `No route for ${c.req.method} ${c.req.path}`, c.req.path));
  app.onError((error, c) => {
    const response = errorToResponse(error, c);
    if (response.status >= 500) log.error({ err: error, method: c.req.method, path: c.req.path }, 'request failed');
    return response;
  });
  return {
    app,
    registry,
    journal,
    db,
    tokens,
    gating,
    policies,
    close: () => {
      registry.closeUpgrades();
      sessions.close();
      policies.close();
      journal.close();
    },
  };
}

/** The Hono app alone (tests and the e2e fixture). */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  return buildServer(deps).app;
}
