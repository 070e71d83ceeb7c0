/**
 * `GET /state/episodes|observations|beliefs|intents|actions` (SPEC E4, E5): views of
 * the server's read-models as `{ version, items, next_cursor? }`, paged by `limit`
 * (default 100, at most 1000) and an opaque `cursor` (replication/paging.ts). The ETag
 * comes from the read-model's revision and version, the page asked for and, for the
 * time-windowed stage views, the oldest item still inside the window: never from a hash
 * of the body. 304 on a matching `If-None-Match`. Declared on a `ReadRouteSink` that
 * gates `state:read`.
 */
import type { Clock } from '../../core/lib/clock';
import { parseStateQuery } from '../../core/sync/query';
import { badQuery, queryGetter, type ReadRouteSink } from '../replication/http';
import {
  decodeCursor,
  EPISODE_ORDER,
  pageOf,
  POSITION_ORDER,
  TIME_ID_ORDER,
  type SortKey,
  type ViewOrder,
} from '../replication/paging';
import { READ_MODEL_IDS, type ReadModelId, type ServerReadModels } from '../replication/read-model-state';

export interface StateRoutesDeps {
  readModels: ServerReadModels;
  clock: Clock;
}

/** True when an `If-None-Match` header names `etag` (weak comparison, lists and `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

const ORDERS: Record<ReadModelId, ViewOrder<never>> = {
  episodes: EPISODE_ORDER,
  observations: TIME_ID_ORDER,
  beliefs: POSITION_ORDER,
  intents: TIME_ID_ORDER,
  actions: TIME_ID_ORDER,
};

/** The views whose items leave with time alone (SPEC E5 windows). */
const WINDOWED = new Set<ReadModelId>(['observations', 'intents', 'actions']);

/** The 400 for a cursor that is not one of this view's. */
export const badCursor = (path: string) => ({
  path: 'cursor',
  message: `is not a cursor of ${path}: pass the next_cursor of an earlier page of the same view, unchanged`,
});

/** A JSON response with the caching headers every `/state/*` answer carries (304 when `etag` matches). */
export function stateResponse(ifNoneMatch: string | undefined, etag: string, body: () => unknown): Response {
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
  if (etagMatches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
  return new Response(JSON.stringify(body()), {
    status: 200,
    headers: { ...headers, 'Content-Type': 'application/json' },
  });
}

/** Declares the five `/state/<id>` routes. */
export function mountStateRoutes(route: ReadRouteSink, deps: StateRoutesDeps): void {
  for (const id of READ_MODEL_IDS) {
    route(
      {
        path: `/state/${id}`,
        need: 'state:read',
        description: `The ${id} read-model as { version, items, next_cursor? } (limit= 1-1000, default 100; cursor=; ETag/304; project= filter).`,
      },
      async (c) => {
        const parsed = parseStateQuery(queryGetter(c));
        if (!parsed.ok) return badQuery(c, parsed.error);
        const { projectId, limit, cursor } = parsed.value;
        let after: SortKey | undefined;
        if (cursor !== undefined) {
          after = decodeCursor(cursor, ORDERS[id]);
          if (after === undefined) return badQuery(c, [badCursor(`/state/${id}`)]);
        }
        // Waits while the set catches up; the fold itself runs in slices elsewhere.
        const view = await deps.readModels.view(id, projectId, deps.clock.now);
        const oldest = WINDOWED.has(id) ? `-w${(view.items[0] as { id?: string } | undefined)?.id ?? 'none'}` : '';
        const etag = `W/"state-${id}-v${view.version}-${view.revision}${oldest}-l${limit}-c${cursor ?? ''}"`;
        return stateResponse(c.req.header('If-None-Match'), etag, () => {
          const page = pageOf(view.items as never[], ORDERS[id], limit, after);
          return { version: view.version, ...page };
        });
      },
    );
  }
}
