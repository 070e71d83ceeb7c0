/**
 * `GET /state/leases` (SPEC §2, §3): the live leases of a project (or, for a token that
 * reaches every project, of all) as `{ version, items }`, gated `state:read` like the
 * other `/state/*` views. The ETag leaves out `time_left_ms`, which changes every
 * millisecond: a 304 means the same live leases (the client counts down from `ttl_until`).
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/lib/clock';
import { parseStateQuery } from '../../core/sync/query';
import { badQuery, queryGetter, type ReadRouteSink } from '../replication/http';
import type { ServerLeases } from '../replication/lease-state';
import { etagMatches } from './state';

export interface LeaseRoutesDeps {
  leases: ServerLeases;
  clock: Clock;
}

export function mountLeaseRoutes(route: ReadRouteSink, deps: LeaseRoutesDeps): void {
  route(
    {
      path: '/state/leases',
      need: 'state:read',
      description:
        'Live permission leases as { version, items: [{ id, capability, scope, subject, granted_by, created, ttl_until, time_left_ms }] } (ETag/304; project= filter).',
    },
    (c) => {
      const parsed = parseStateQuery(queryGetter(c));
      if (!parsed.ok) return badQuery(c, parsed.error);
      const view = deps.leases.view(parsed.value.projectId, deps.clock.now());
      const stable = JSON.stringify(view.items.map(({ time_left_ms: _left, ...item }) => item));
      const hash = createHash('sha1').update(stable).digest('base64url').slice(0, 16);
      const etag = `W/"state-leases-v${view.version}-${hash}"`;
      const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
      if (etagMatches(c.req.header('If-None-Match'), etag)) return new Response(null, { status: 304, headers });
      return new Response(JSON.stringify(view), {
        status: 200,
        headers: { ...headers, 'Content-Type': 'application/json' },
      });
    },
  );
}
