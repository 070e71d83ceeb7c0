/**
 * `GET /state/episodes|observations|beliefs|intents|actions` (SPEC E4, E5): views of
 * the server's read-models as `{ version, items }`, with a content ETag and 304 on a
 * matching `If-None-Match`. Declared on a `ReadRouteSink` that gates `state:read`.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/lib/clock';
import { parseStateQuery } from '../../core/sync/query';
import { badQuery, queryGetter, type ReadRouteSink } from '../replication/http';
import { READ_MODEL_IDS, type ServerReadModels } from '../replication/read-model-state';

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

/** Declares the five `/state/<id>` routes. */
export function mountStateRoutes(route: ReadRouteSink, deps: StateRoutesDeps): void {
  for (const id of READ_MODEL_IDS) {
    route(
      {
        path: `/state/${id}`,
        need: 'state:read',
        description: `The ${id} read-model as { version, items } (ETag/304; project= filter).`,
      },
      (c) => {
        const parsed = parseStateQuery(queryGetter(c));
        if (!parsed.ok) return badQuery(c, parsed.error);
        const view = deps.readModels.view(id, parsed.value.projectId, deps.clock.now());
        const body = JSON.stringify(view);
        // The content hash, not only the version: stage windows change with time alone.
        const hash = createHash('sha1').update(body).digest('base64url').slice(0, 16);
        const etag = `W/"state-${id}-v${view.version}-${hash}"`;
        const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
        if (etagMatches(c.req.header('If-None-Match'), etag)) return new Response(null, { status: 304, headers });
        return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': 'application/json' } });
      },
    );
  }
}
