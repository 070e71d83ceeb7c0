/**
 * `GET /events` (SSE, SPEC E6) and `GET /events/tail` (JSON, newest N) over the
 * server's event store. Routes are declared on a `ReadRouteSink` that gates them for
 * `events:read` (the route registry in the server, an injected authorize in tests).
 */
import type { Clock } from '../../core/lib/clock';
import type { SessionRegistry } from '../auth/sessions';
import { parseStreamQuery, parseTailQuery } from '../../core/sync/query';
import type { EventStore } from '../storage/event-store';
import { openEventStream } from '../replication/event-stream';
import { badQuery, queryGetter, type ReadRouteSink } from '../replication/http';

export interface EventRoutesDeps {
  store: EventStore;
  /** Named in the handshake event's `actor`. */
  serverId: string;
  clock: Clock;
  /** Keep-alive comment period (default 10 s). */
  keepAliveMs?: number;
  /** Open streams by token: a revoked token ends its streams. */
  sessions?: SessionRegistry;
}

/** Declares `GET /events` and `GET /events/tail`. */
export function mountEventRoutes(route: ReadRouteSink, deps: EventRoutesDeps): void {
  route(
    {
      path: '/events/tail',
      need: 'events:read',
      description: 'Newest N journal events as JSON (filters: prefix, corr_id, project).',
    },
    (c) => {
      const parsed = parseTailQuery(queryGetter(c));
      if (!parsed.ok) return badQuery(c, parsed.error);
      const items = deps.store.tail(parsed.value.n, parsed.value.filter);
      return c.json({ n: parsed.value.n, prefixes: parsed.value.filter.prefixes ?? null, items });
    },
  );

  const stream = {
    path: '/events',
    need: 'events:read',
    produces: 'text/event-stream',
    description: 'Server-Sent Events: handshake, then resume (after / Last-Event-ID) or replay=N, then live (SPEC E6).',
  } as const;
  route(stream, (c, principal) => {
    const parsed = parseStreamQuery(queryGetter(c), c.req.header('Last-Event-ID'));
    if (!parsed.ok) return badQuery(c, parsed.error);
    const ended = new AbortController();
    const release = principal && deps.sessions ? deps.sessions.track(principal, (why) => ended.abort(why)) : undefined;
    const body = openEventStream({
      ended: ended.signal,
      ...(release ? { onClose: release } : {}),
      store: deps.store,
      filter: parsed.value.filter,
      start: parsed.value.start,
      serverId: deps.serverId,
      clock: deps.clock,
      signal: c.req.raw.signal,
      ...(deps.keepAliveMs === undefined ? {} : { keepAliveMs: deps.keepAliveMs }),
    });
    return new Response(body, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      },
    });
  });
}
