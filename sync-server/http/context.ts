/**
 * The one global middleware: request context only. It sets a request id, the
 * `corr_id` (from `x-arw-corr`, else `x-request-id`), times the request, adds
 * `Server-Timing`, and reports (route template, status, duration) to an observer.
 * It decides nothing about access: gates live on each route (route-registry.ts).
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
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
  /** One line per request, with secret-looking query values redacted (redactRequestTarget). */
  log?: (line: string) => void;
}

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Query keys whose values are never logged (matched after percent-decoding, any case). */
const SECRET_KEY = /token|secret|password|key|auth/i;
const REDACTED = '[redacted]';

/** One round of form decoding, as URLSearchParams does it (`+` is a space); bad escapes stay bytes. */
function decodeOnce(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
}

/** `text` decoded until it stops changing (a few rounds), so `%2574oken` reads `token` too. */
function decodeQueryPart(text: string): string {
  let current = text;
  for (let round = 0; round < 4; round++) {
    const next = decodeOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * `target` (path and query) with the value of every secret-looking query parameter
 * replaced: keys are compared after decoding (`%74oken`, `TOKEN`, `access_token`,
 * `api+key`), `&` and `;` both separate parameters, repeated keys are all redacted, and a
 * value that itself carries such a parameter (`next=/x?token=…`) is redacted whole.
 */
export function redactRequestTarget(target: string): string {
  const mark = target.indexOf('?');
  if (mark < 0) return target;
  const query = target.slice(mark + 1);
  const redacted = query.replace(/[^&;]+/g, (part) => {
    const equals = part.indexOf('=');
    // `tok%65n%3Dvalue`: no literal `=`, but it decodes to one; the whole part is the secret.
    if (equals < 0)
      return decodeQueryPart(part).includes('=') && SECRET_KEY.test(decodeQueryPart(part)) ? REDACTED : part;
    const key = decodeQueryPart(part.slice(0, equals));
    const value = decodeQueryPart(part.slice(equals + 1));
    const nested = /[?&;]?([^?&;=]+)=/g;
    const carriesSecret = [...value.matchAll(nested)].some((match) => SECRET_KEY.test(match[1]!));
    return SECRET_KEY.test(key) || carriesSecret ? `${part.slice(0, equals)}=${REDACTED}` : part;
  });
  return `${target.slice(0, mark)}?${redacted}`;
}

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
      options.log(
        `[arw] ${c.req.method} ${redactRequestTarget(url.pathname + url.search)} ${c.res.status} ${(seconds * 1000).toFixed(1)}ms req=${requestId}`,
      );
    }
  };
}
