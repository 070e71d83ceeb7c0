/**
 * The one global middleware: request context only. It sets a request id, the
 * `corr_id` (from `x-arw-corr`, else `x-request-id`), times the request, adds
 * `Server-Timing`, and reports (route template, status, duration) to an observer.
 * It decides nothing about access: gates live on each route (route-registry.ts).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { redactUrl } from '../auth/request-token';
import { addResponseHeaders, onNodeServer } from './response-headers';

export interface AppEnv {
  Variables: {
    requestId: string;
    corrId: string | undefined;
    /** The matched route template (set by the registry); `static` or `unmatched` otherwise. */
    routeLabel: string | undefined;
  };
}

export interface RequestObservation {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

export interface ContextOptions {
  observe?: (observation: RequestObservation) => void;
  /** One line per request, with token-like query values redacted. */
  log?: (line: string) => void;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request-context middleware. */
export function requestContext(options: ContextOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    const corr = c.req.header('x-arw-corr') ?? incoming;
    c.set('requestId', requestId);
    c.set('corrId', corr && SAFE_ID.test(corr) ? corr : undefined);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const timing = `total;dur=${(seconds * 1000).toFixed(1)}`;
    if (onNodeServer(c)) addResponseHeaders(c, { 'X-Request-Id': requestId, 'Server-Timing': timing });
    else {
      c.header('X-Request-Id', requestId);
      if (!c.res.headers.has('Server-Timing')) c.header('Server-Timing', timing);
    }
    const route = c.get('routeLabel') ?? (c.res.status === 404 ? 'unmatched' : 'static');
    options.observe?.({ method: c.req.method, route, status: c.res.status, seconds });
    if (options.log) {
      const url = new URL(c.req.url);
      options.log(`[arw] ${c.req.method} ${redactUrl(url.pathname + url.search)} ${c.res.status} ${(seconds * 1000).toFixed(1)}ms req=${requestId}`);
    }
  };
}
