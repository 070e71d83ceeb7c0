/**
 * The route registry: every route is declared with its gate next to its handler
 * (`registry.route({ method, path, gate, gatingKey?, description, body?, query? }, handler)`).
 * Mounting wraps the handler with guard → body cap → JSON content type → zod validation,
 * so no route can skip its gate. WebSocket routes are declared with
 * `registry.upgrade(spec, handler)` and enforced the same way (see upgrade-routes.ts).
 */
import type { Context, Hono } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';
import type { RouteGate } from '../../spec/http';
import type { Principal } from '../auth/authenticate';
import { tokenFromHeaders } from '../auth/request-token';
import { clientIp } from './client-ip';
import type { Guard } from './guard';
import { AppError } from '../../core/errors/app-error';
import { problemResponse } from './problem';
import { hasBody, readBodyText } from './read-body';
import type { AppEnv } from './context';
import { parseOrThrow } from './validate';
import { addResponseHeaders } from './response-headers';
import {
  createUpgradeRoutes,
  type UpgradeHandler,
  type UpgradeRoutesOptions,
  type UpgradeSpec,
} from './upgrade-routes';

export type { UpgradeSpec } from './upgrade-routes';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Hono path: `/admin/tokens/:id`, or a trailing `/*` for a catch-all. */
  path: string;
  gate: RouteGate;
  /** Gating key checked on every call (SPEC §3); denied keys answer 403 naming the key. */
  gatingKey?: string;
  /** One line for /about and OpenAPI. */
  description: string;
  body?: B;
  query?: Q;
  params?: P;
  /** Response schema (JSON) for OpenAPI. */
  response?: z.ZodType;
  /** Content type when not JSON (e.g. `text/plain`, `application/yaml`, `text/event-stream`). */
  produces?: string;
  /** The project a call touches (sync routes), checked against a sync token's projects. */
  project?: (c: Context<AppEnv>) => string | undefined;
}

/** What /about, OpenAPI and the coverage tests see of a route. */
export interface RouteInfo {
  method: HttpMethod | 'WS';
  path: string;
  gate: RouteGate;
  gatingKey: string | undefined;
  description: string;
  spec?: RouteSpec;
}

export interface RouteInput<S extends RouteSpec> {
  body: S['body'] extends z.ZodType ? z.infer<S['body']> : undefined;
  query: S['query'] extends z.ZodType ? z.infer<S['query']> : Record<string, string>;
  params: S['params'] extends z.ZodType ? z.infer<S['params']> : Record<string, string>;
  principal: Principal | undefined;
}

export interface RouteRegistry {
  /** Declares and mounts an HTTP route with its gate. */
  route<S extends RouteSpec>(
    spec: S,
    handler: (c: Context<AppEnv>, input: RouteInput<S>) => Response | Promise<Response>,
  ): void;
  /** Declares a WebSocket route with its gate; `handleUpgrade` enforces it before the handshake. */
  upgrade<P>(spec: UpgradeSpec<P>, handler: UpgradeHandler<P>): void;
  /** For the Node server's `upgrade` event. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Terminates every accepted WebSocket and stops accepting. */
  closeUpgrades(): void;
  /** Every declared route, in declaration order. */
  list(): RouteInfo[];
}

export interface RegistryOptions extends Omit<UpgradeRoutesOptions, 'guard' | 'trustedProxies'> {
  guard: Guard;
  trustedProxies: readonly string[];
  maxBodyBytes: number;
}

/** True for `application/json` and `application/<x>+json` (parameters such as charset allowed). */
export function isJsonContentType(value: string | undefined): boolean {
  const type = value?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/** False for methods that carry no body (GET, HEAD). */
function mayHaveBody(c: Context<AppEnv>): boolean {
  return c.req.method !== 'GET' && c.req.method !== 'HEAD';
}

/** A registry that mounts onto `app` as routes are declared. */
export function createRouteRegistry(app: Hono<AppEnv>, options: RegistryOptions): RouteRegistry {
  const routes: RouteInfo[] = [];
  const upgrades = createUpgradeRoutes(options);
  const seen = new Set<string>();
  const remember = (info: RouteInfo) => {
    const id = `${info.method} ${info.path}`;
    if (seen.has(id)) throw new Error(`route declared twice: ${id}`);
    seen.add(id);
    routes.push(info);
  };
  return {
    route(spec, handler) {
      remember({
        method: spec.method,
        path: spec.path,
        gate: spec.gate,
        gatingKey: spec.gatingKey,
        description: spec.description,
        spec,
      });
      app.on(spec.method, spec.path, async (c) => {
        c.set('routeLabel', spec.path);
        const verdict = options.guard.evaluate({
          ip: clientIp(c, options.trustedProxies),
          token: tokenFromHeaders((name) => c.req.header(name)),
          gate: spec.gate,
          gatingKey: spec.gatingKey,
          project: spec.project?.(c),
        });
        if (!verdict.ok) {
          return problemResponse(verdict.code, verdict.detail, c.req.path, {
            headers: verdict.headers,
            ...(verdict.gatingKey ? { gatingKey: verdict.gatingKey } : {}),
          });
        }
        // Touching c.req.raw makes the Node adapter build a full Request: only when a body can exist.
        const text = mayHaveBody(c) && hasBody(c.req.raw) ? await readBodyText(c.req.raw, options.maxBodyBytes) : '';
        let json: unknown;
        if (spec.body && text !== '' && !isJsonContentType(c.req.header('content-type'))) {
          const sent = c.req.header('content-type') ?? '(none)';
          throw new AppError(
            'unsupported-media-type',
            `the body must be JSON sent with Content-Type: application/json (got ${sent.slice(0, 100)})`,
            {
              details: { errors: [{ path: '(header) content-type', message: 'must be application/json' }] },
            },
          );
        }
        if (spec.body) {
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            throw new AppError('invalid-request', 'the body is not valid JSON', {
              details: { errors: [{ path: '(body)', message: 'invalid JSON' }] },
            });
          }
        }
        const input = {
          body: spec.body ? parseOrThrow(spec.body, json, 'body') : undefined,
          query: spec.query ? parseOrThrow(spec.query, c.req.query(), 'query') : c.req.query(),
          params: spec.params ? parseOrThrow(spec.params, c.req.param(), 'params') : c.req.param(),
          principal: verdict.principal,
        } as RouteInput<typeof spec>;
        const response = await handler(c, input);
        addResponseHeaders(c, verdict.headers, response);
        return response;
      });
    },
    upgrade(spec, handler) {
      remember({
        method: 'WS',
        path: spec.path,
        gate: spec.gate,
        gatingKey: spec.gatingKey,
        description: spec.description,
      });
      upgrades.declare(spec, handler);
    },
    handleUpgrade: (request, socket, head) => upgrades.dispatch(request, socket, head),
    closeUpgrades: () => upgrades.close(),
    list: () => [...routes],
  };
}
