/**
 * HTTP helpers shared by the journal routes: the injected authorization hook, RFC
 * 9457 problem responses for bad query parameters, and the query getter over Hono.
 */
import type { Context, Hono } from 'hono';
import type { QueryGetter, QueryIssue } from '../../core/sync/query';
import type { Principal } from '../auth/authenticate';
import { problemResponse } from '../http/problem';

/** What a route needs to be allowed; the gating layer maps it to its keys. */
export type ReadNeed = 'events:read' | 'state:read';

/**
 * Decides whether the request may proceed: `undefined` = allowed, otherwise the
 * rejection to send (401/403/429). `project` is the project the request is limited to.
 */
export type Authorize = (
  c: Context,
  need: ReadNeed,
  project?: string,
) => Response | undefined | Promise<Response | undefined>;

/** One read route as the journal modules declare it; the sink decides how it is gated. */
export interface ReadRouteSpec {
  path: string;
  need: ReadNeed;
  /** One line for /about and OpenAPI. */
  description: string;
  /** Content type when not JSON. */
  produces?: string;
}

/**
 * Registers one GET route whose handler runs only once the caller's gate allowed
 * `need` for the request's `project=`. The server wires the route registry in
 * (sync-server/routes/journal-routes.ts); tests may use `authorizeSink`.
 */
export type ReadRouteSink = (
  spec: ReadRouteSpec,
  handler: (c: Context, principal?: Principal) => Response | Promise<Response>,
) => void;

/** A sink on a bare Hono app guarded by an injected `authorize` (tests, embedding). */
export function authorizeSink(app: Hono, authorize: Authorize): ReadRouteSink {
  return (spec, handler) => {
    app.get(spec.path, async (c) => {
      const denied = await authorize(c, spec.need, c.req.query('project'));
      return denied ?? handler(c);
    });
  };
}

/** Every value of a query parameter, repeated ones included. */
export function queryGetter(c: Context): QueryGetter {
  const url = new URL(c.req.url);
  return (name) => url.searchParams.getAll(name);
}

/** A 400 `journal-query-invalid` problem naming each bad parameter in `errors`. */
export function badQuery(c: Context, issues: readonly QueryIssue[]): Response {
  const detail = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return problemResponse('journal-query-invalid', detail, c.req.path, { errors: issues });
}
