/**
 * WebSocket routes, enforced as declared: every upgrade passes, in order, the Host
 * allow-list, the Origin check, its path parameters, and the same guard as HTTP routes
 * (rate limit, failed-auth cost, token, scope, project, gating key) before the
 * handshake. Refusals go through one raw-socket rejecter (problem+json). An accepted
 * socket is tracked with its token, so revoking the token closes it (4401).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SYNC_CLOSE } from '../../spec/sync-protocol';
import type { RouteGate } from '../../spec/http';
import type { Principal } from '../auth/authenticate';
import { tokenFromUpgrade } from '../auth/request-token';
import { SESSION_END_REASON, type SessionRegistry } from '../auth/sessions';
import type { Guard } from './guard';
import type { HostPolicy } from './host-policy';
import { rejectUpgrade, upgradeClientIp } from './upgrade-guard';

export type ParamsResult<P> = { ok: true; value: P } | { ok: false; detail: string };

export interface UpgradeSpec<P = Record<string, string>> {
  /** `/sync`, or a prefix ending in one `:name` that takes the rest of the path, URL-decoded (`/yjs/:doc`). */
  path: string;
  gate: RouteGate;
  gatingKey?: string;
  description: string;
  /** Label for the open-connections gauge (`sync`, `yjs`). */
  channel: string;
  /** Largest frame accepted; bigger frames close the socket with 1009. */
  maxPayload: number;
  /** Checks the raw path parameters (refusal: 400 naming the problem). */
  params?: (raw: Record<string, string>) => ParamsResult<P>;
  /** The project the socket will touch, checked against a sync token's projects. */
  project?: (params: P) => string | undefined;
  /** Refusal detail when a token limited to some projects names none. */
  projectRequired?: string;
}

export interface UpgradeContext<P> {
  principal: Principal;
  params: P;
  request: IncomingMessage;
}

export type UpgradeHandler<P> = (ws: WebSocket, context: UpgradeContext<P>) => void;

export interface UpgradeRoutesOptions {
  guard: Guard;
  hosts: HostPolicy;
  allowedOrigins: readonly string[];
  trustedProxies: readonly string[];
  sessions: SessionRegistry;
  onOpened?: (channel: string) => void;
  onClosed?: (channel: string) => void;
}

export interface UpgradeRoutes {
  declare<P>(spec: UpgradeSpec<P>, handler: UpgradeHandler<P>): void;
  /** For `server.on('upgrade', ...)`. */
  dispatch(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Terminates every accepted socket and stops accepting. */
  close(): void;
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

interface Route {
  spec: UpgradeSpec<unknown>;
  handler: UpgradeHandler<unknown>;
  wss: WebSocketServer;
  /** Literal part before the parameter (the whole path when there is none). */
  prefix: string;
  param: string | undefined;
}

/** The raw parameters of `path` for `route`, or undefined when it does not match. */
function matchPath(route: Route, path: string): Record<string, string> | undefined {
  if (route.param === undefined) return path === route.prefix ? {} : undefined;
  if (!path.startsWith(route.prefix) || path.length === route.prefix.length) return undefined;
  return { [route.param]: path.slice(route.prefix.length) };
}

/** Ends a socket whose token stopped being valid: nothing more is read from it or sent to it. */
function endSession(ws: WebSocket, reason: string): void {
  ws.removeAllListeners('message');
  ws.close(SYNC_CLOSE.unauthorized, reason);
  // A peer that never answers the close handshake still lets go of the socket.
  setTimeout(() => ws.terminate(), 1000).unref?.();
}

/** Builds the WebSocket route table. */
export function createUpgradeRoutes(options: UpgradeRoutesOptions): UpgradeRoutes {
  const routes: Route[] = [];

  const accept = (
    route: Route,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    principal: Principal,
    params: unknown,
  ) => {
    route.wss.handleUpgrade(request, socket, head, (ws) => {
      const channel = route.spec.channel;
      options.onOpened?.(channel);
      const release = options.sessions.track(principal, (why) => endSession(ws, SESSION_END_REASON[why]));
      ws.once('close', () => {
        release();
        options.onClosed?.(channel);
      });
      route.handler(ws, { principal, params, request });
    });
  };

  const dispatch = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let path: string;
    try {
      path = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      return rejectUpgrade(socket, { code: 'invalid-request', detail: 'the request URL is malformed' }, '/');
    }
    let route: Route | undefined;
    let raw: Record<string, string> | undefined;
    for (const candidate of routes) {
      raw = matchPath(candidate, path);
      if (raw !== undefined) {
        route = candidate;
        break;
      }
    }
    if (route === undefined || raw === undefined)
      return rejectUpgrade(socket, { code: 'not-found', detail: `no WebSocket route at ${path.slice(0, 200)}` }, path);
    const { spec } = route;
    const host = request.headers.host;
    if (!options.hosts.allows(host))
      return rejectUpgrade(socket, { code: 'host-not-allowed', detail: options.hosts.refusal(host) }, path);
    if (!originAllowed(request, options.allowedOrigins)) {
      return rejectUpgrade(
        socket,
        {
          code: 'forbidden',
          detail: `the Origin '${String(request.headers.origin).slice(0, 100)}' may not open sockets here; the server lists allowed origins in ARW_ALLOWED_ORIGINS`,
        },
        path,
      );
    }
    let params: unknown = raw;
    if (spec.params) {
      const checked = spec.params(raw);
      if (!checked.ok) return rejectUpgrade(socket, { code: 'invalid-request', detail: checked.detail }, path);
      params = checked.value;
    }
    const verdict = options.guard.evaluate({
      ip: upgradeClientIp(request, options.trustedProxies),
      token: tokenFromUpgrade(request),
      gate: spec.gate,
      gatingKey: spec.gatingKey,
      project: spec.project?.(params),
      projectRequired: spec.projectRequired,
    });
    if (!verdict.ok) return rejectUpgrade(socket, verdict, path);
    accept(route, request, socket, head, verdict.principal!, params);
  };

  return {
    declare(spec, handler) {
      if (spec.gate === 'public') throw new Error(`WebSocket route ${spec.path} must have a token gate`);
      const colon = spec.path.indexOf(':');
      const wss = new WebSocketServer({ noServer: true, maxPayload: spec.maxPayload, perMessageDeflate: false });
      routes.push({
        spec: spec as UpgradeSpec<unknown>,
        handler: handler as UpgradeHandler<unknown>,
        wss,
        prefix: colon < 0 ? spec.path : spec.path.slice(0, colon),
        param: colon < 0 ? undefined : spec.path.slice(colon + 1),
      });
    },
    dispatch,
    close() {
      for (const route of routes) {
        for (const client of route.wss.clients) client.terminate();
        route.wss.close();
      }
    },
  };
}
