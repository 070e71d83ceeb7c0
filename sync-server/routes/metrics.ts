/**
 * `GET /metrics`: Prometheus text from the server's registry; admin scope
 * `admin:metrics`, or public when ARW_METRICS_PUBLIC=1 (SPEC §2).
 */
import type { RouteRegistry } from '../http/route-registry';
import type { ServerMetrics } from '../metrics/server-metrics';
import type { RouteStats } from '../../core/metrics/route-stats';

export function mountMetrics(registry: RouteRegistry, metrics: ServerMetrics, options: { public: boolean }): void {
  registry.route(
    {
      method: 'GET',
      path: '/metrics',
      gate: options.public ? 'public' : { admin: 'admin:metrics' },
      gatingKey: 'introspect:metrics',
      description: 'Prometheus metrics: route counts and latency, events by kind, connections, rate limits.',
      produces: 'text/plain; version=0.0.4',
    },
    async (c) =>
      c.body(await metrics.render(), 200, {
        'Content-Type': metrics.registry.contentType,
        'Cache-Control': 'no-store',
      }),
  );
}

/**
 * `GET /admin/metrics/routes`: per-route latency percentiles (p50/p95/p99) and counts
 * per minute over the last minutes, as JSON for the app's Settings → Server page.
 */
export function mountRouteStats(registry: RouteRegistry, stats: RouteStats, now: () => number): void {
  registry.route(
    {
      method: 'GET',
      path: '/admin/metrics/routes',
      gate: { admin: 'admin:metrics' },
      gatingKey: 'introspect:metrics',
      description: 'Per-route latency percentiles and counts per minute over the last 15 minutes (JSON).',
    },
    (c) => c.json({ now: now(), routes: stats.snapshot(now()) }, 200, { 'Cache-Control': 'no-store' }),
  );
}
