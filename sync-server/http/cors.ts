/**
 * CORS, closed by default: only origins listed in ARW_ALLOWED_ORIGINS get
 * Access-Control-Allow-* headers; preflights from other origins get 403 problem JSON.
 */
import type { MiddlewareHandler } from 'hono';
import { problemResponse } from './problem';

const ALLOW_HEADERS = 'Authorization, Content-Type, X-ARW-Admin, X-ARW-Corr, X-Request-Id';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const EXPOSE_HEADERS = 'ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id';

/** CORS for `allowedOrigins` (exact origins; empty list = closed). */
export function cors(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const preflight = c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;
    if (origin === undefined || !allowed.has(origin)) {
      if (preflight)
        return problemResponse('forbidden', 'cross-origin requests from this origin are not allowed', c.req.path);
      return next();
    }
    if (preflight) {
      return new Response(null, {
        status: 204,
        headers: {
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Methods': ALLOW_METHODS,
          'Access-Control-Allow-Headers': ALLOW_HEADERS,
          'Access-Control-Max-Age': '600',
          Vary: 'Origin',
        },
      });
    }
    await next();
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    c.header('Vary', 'Origin');
  };
}
