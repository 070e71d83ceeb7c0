/**
 * HTTP helpers shared by the journal routes: the injected authorization hook, RFC
 * 7807 problem responses for bad query parameters, and the query getter over Hono.
 */
import type { Context } from 'hono';
import type { QueryGetter, QueryIssue } from '../../core/sync/query';
import type { ErrorCode } from '../../core/errors/catalog';

/** What a route needs to be allowed; the gating layer maps it to its keys. */
export type ReadNeed = 'events:read' | 'state:read';

/**
 * Decides whether the request may proceed: `undefined` = allowed, otherwise the
 * rejection to send (401/403/429). `project` is the project the request is limited to.
 */
export type Authorize = (c: Context, need: ReadNeed, project?: string) => Response | undefined | Promise<Response | undefined>;

/** Every value of a query parameter, repeated ones included. */
export function queryGetter(c: Context): QueryGetter {
  const url = new URL(c.req.url);
  return (name) => url.searchParams.getAll(name);
}

/** A 400 `application/problem+json` naming each bad parameter. */
export function badQuery(c: Context, issues: readonly QueryIssue[], code: ErrorCode = 'journal-query-invalid'): Response {
  const detail = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  const body = { type: 'about:blank', title: 'Bad Request', status: 400, detail, code, instance: c.req.path, errors: issues };
  return new Response(JSON.stringify(body), { status: 400, headers: { 'Content-Type': 'application/problem+json' } });
}
