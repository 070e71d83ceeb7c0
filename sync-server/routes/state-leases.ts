/**
 * `GET /state/leases` (SPEC §2, §3): the live leases of a project (or, for a token that
 * reaches every project, of all) as `{ version, items }`, gated `state:read` like the
 * other `/state/*` views, paged the same way. The ETag comes from the lease state's
 * revision and version and the number of live leases, never from the body (`time_left_ms`
 * changes every millisecond: a 304 means the same live leases; the client counts down).
 */
import type { Clock } from '../../core/lib/clock';
import { parseStateQuery } from '../../core/sync/query';
import { badQuery, queryGetter, type ReadRouteSink } from '../replication/http';
import type { ServerLeases } from '../replication/lease-state';
import { decodeCursor, LEASE_ORDER, pageOf } from '../replication/paging';
import { badCursor, stateResponse } from './state';

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
        'Live permission leases as { version, items: [{ id, capability, scope, subject, granted_by, created, ttl_until, time_left_ms }], next_cursor? } (limit= 1-1000, default 100; cursor=; ETag/304; project= filter).',
    },
    (c) => {
      const parsed = parseStateQuery(queryGetter(c));
      if (!parsed.ok) return badQuery(c, parsed.error);
      const { projectId, limit, cursor } = parsed.value;
      const after = cursor === undefined ? undefined : decodeCursor(cursor, LEASE_ORDER);
      if (cursor !== undefined && after === undefined) return badQuery(c, [badCursor('/state/leases')]);
      const view = deps.leases.view(projectId, deps.clock.now());
      // Leases only leave the live set with time (expiry) while the version stands still: the count tells.
      const etag = `W/"state-leases-v${view.version}-${deps.leases.revision()}-n${view.items.length}-l${limit}-c${cursor ?? ''}"`;
      return stateResponse(c.req.header('If-None-Match'), etag, () => ({
        version: view.version,
        ...pageOf(view.items, LEASE_ORDER, limit, after),
      }));
    },
  );
}
