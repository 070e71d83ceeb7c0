/**
 * `GET /about` (public): generated from the route registry at request time, so a
 * route declared anywhere appears here without a hand-kept list (reference A.22).
 */
import { AboutSchema, type About } from '../../spec/http';
import { EVENT_KINDS, KNOWN_KINDS } from '../../spec/vocabulary';
import type { RouteInfo, RouteRegistry } from '../http/route-registry';

/** The /about document for `routes` (sorted by path, then method). */
export function buildAbout(name: string, version: string, routes: readonly RouteInfo[]): About {
  const entries = [...routes]
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method))
    .map((route) => ({
      method: route.method,
      path: route.path,
      gate: route.gate,
      gating_key: route.gatingKey ?? null,
      description: route.description,
    }));
  const count = (kind: 'public' | 'sync' | 'admin') =>
    entries.filter((r) => (kind === 'public' ? r.gate === 'public' : r.gate !== 'public' && kind in r.gate)).length;
  return {
    name,
    version,
    routes: entries,
    counts: { public: count('public'), sync: count('sync'), admin: count('admin'), total: entries.length },
    event_kinds: KNOWN_KINDS.map((kind) => ({
      kind,
      v: EVENT_KINDS[kind].v,
      description: EVENT_KINDS[kind].description,
    })),
  };
}

export function mountAbout(registry: RouteRegistry, options: { version: string }): void {
  registry.route(
    {
      method: 'GET',
      path: '/about',
      gate: 'public',
      gatingKey: 'introspect:about',
      description: 'Service name, version, every route with its gate, and the event kinds.',
      response: AboutSchema,
    },
    (c) => c.json(buildAbout('arw-hub-sync-server', options.version, registry.list())),
  );
}
