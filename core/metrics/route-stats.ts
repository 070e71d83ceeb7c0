/**
 * Per-route latency over the last minutes, for the status page: one log-scale
 * histogram per route per minute, so percentiles come out of a fixed, small amount of
 * memory however many requests there are. Pure: times are passed in.
 */

/** Upper bounds (ms) of the histogram buckets: 0.1 ms … ~100 s, ~12 % apart. */
const BOUNDS: readonly number[] = Array.from({ length: 120 }, (_, i) => 0.1 * 1.122 ** i);

export interface MinutePoint {
  /** Start of the minute, ms since the epoch. */
  t: number;
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface RouteSeries {
  route: string;
  method: string;
  /** Oldest minute first. */
  points: MinutePoint[];
}

interface Minute {
  t: number;
  counts: Uint32Array;
  total: number;
  errors: number;
}

export interface RouteStats {
  /** Records one request (`status` ≥ 500 counts as an error). */
  record(method: string, route: string, ms: number, status: number, now: number): void;
  /** The last `minutes` minutes of every route seen in them. */
  snapshot(now: number): RouteSeries[];
}

function bucketOf(ms: number): number {
  let low = 0;
  let high = BOUNDS.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (ms <= BOUNDS[mid]!) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** The value below which `q` of the minute's requests fall (bucket upper bound). */
function quantile(minute: Minute, q: number): number {
  const target = Math.max(1, Math.ceil(minute.total * q));
  let seen = 0;
  for (let i = 0; i < minute.counts.length; i++) {
    seen += minute.counts[i]!;
    if (seen >= target) return Math.round(BOUNDS[i]! * 100) / 100;
  }
  return BOUNDS[BOUNDS.length - 1]!;
}

/** Keeps `minutes` minutes (default 15) per route. */
export function createRouteStats(options: { minutes?: number } = {}): RouteStats {
  const keep = options.minutes ?? 15;
  const routes = new Map<string, { method: string; route: string; minutes: Minute[] }>();
  const minuteOf = (now: number) => Math.floor(now / 60_000) * 60_000;
  const prune = (list: Minute[], now: number) => {
    const oldest = minuteOf(now) - (keep - 1) * 60_000;
    while (list.length > 0 && list[0]!.t < oldest) list.shift();
  };
  return {
    record(method, route, ms, status, now) {
      const key = `${method} ${route}`;
      let entry = routes.get(key);
      if (!entry) routes.set(key, (entry = { method, route, minutes: [] }));
      const t = minuteOf(now);
      let minute = entry.minutes.at(-1);
      if (!minute || minute.t !== t) {
        entry.minutes.push((minute = { t, counts: new Uint32Array(BOUNDS.length), total: 0, errors: 0 }));
        prune(entry.minutes, now);
      }
      minute.counts[bucketOf(ms)]! += 1;
      minute.total += 1;
      if (status >= 500) minute.errors += 1;
    },
    snapshot(now) {
      const out: RouteSeries[] = [];
      for (const [key, entry] of routes) {
        prune(entry.minutes, now);
        if (entry.minutes.length === 0) {
          routes.delete(key);
          continue;
        }
        out.push({
          route: entry.route,
          method: entry.method,
          points: entry.minutes.map((m) => ({
            t: m.t,
            count: m.total,
            errors: m.errors,
            p50: quantile(m, 0.5),
            p95: quantile(m, 0.95),
            p99: quantile(m, 0.99),
          })),
        });
      }
      return out.sort((a, b) => a.route.localeCompare(b.route) || a.method.localeCompare(b.method));
    },
  };
}
