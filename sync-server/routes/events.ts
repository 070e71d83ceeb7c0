/**
 * `GET /events` (SSE, SPEC E6) and `GET /events/tail` (JSON, newest N) over the
 * server's event store. Each route asks the injected `authorize` for `events:read`
 * first, so the real gates and tokens are wired in by the composition root.
 */
import type { Hono } from 'hono';
import type { Clock } from '../../core/lib/clock';
import { parseStreamQuery, parseTailQuery } from '../../core/sync/query';
import type { EventStore } from '../storage/event-store';
import { openEventStream } from '../replication/event-stream';
import { badQuery, queryGetter, type Authorize } from '../replication/http';

export interface EventRoutesDeps {
  store: EventStore;
  authorize: Authorize;
  /** Named in the handshake event's `actor`. */
  serverId: string;
  clock: Clock;
  /** Keep-alive comment period (default 10 s). */
  keepAliveMs?: number;
}

/** Registers `GET /events` and `GET /events/tail` on `app`. */
export function mountEventRoutes(app: Hono, deps: EventRoutesDeps): void {
  app.get('/events/tail', async (c) => {
    const parsed = parseTailQuery(queryGetter(c));
    if (!parsed.ok) return badQuery(c, parsed.error);
    const denied = await deps.authorize(c, 'events:read', parsed.value.filter.projectId);
    if (denied !== undefined) return denied;
    const items = deps.store.tail(parsed.value.n, parsed.value.filter);
    return c.json({ n: parsed.value.n, prefixes: parsed.value.filter.prefixes ?? null, items });
  });

  app.get('/events', async (c) => {
    const parsed = parseStreamQuery(queryGetter(c), c.req.header('Last-Event-ID'));
    if (!parsed.ok) return badQuery(c, parsed.error);
    const denied = await deps.authorize(c, 'events:read', parsed.value.filter.projectId);
    if (denied !== undefined) return denied;
    const body = openEventStream({
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
