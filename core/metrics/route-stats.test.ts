/** Route latency series: percentiles per minute, a bounded window, errors counted. */
import { describe, expect, it } from 'vitest';
import { createRouteStats } from './route-stats';

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('route stats', () => {
  it('percentiles of one minute are within one bucket (12 %) of the exact ones', () => {
    const stats = createRouteStats();
    for (let i = 1; i <= 1000; i++) stats.record('GET', '/a', i / 10, 200, T0 + i);
    const [series] = stats.snapshot(T0 + 30_000);
    const point = series!.points[0]!;
    expect(point.count).toBe(1000);
    for (const [got, exact] of [
      [point.p50, 50],
      [point.p95, 95],
      [point.p99, 99],
    ] as const) {
      expect(got).toBeGreaterThanOrEqual(exact);
      expect(got).toBeLessThanOrEqual(exact * 1.13);
    }
  });

  it('keeps one point per minute, oldest first, and only the last 15 minutes', () => {
    const stats = createRouteStats();
    for (let m = 0; m < 20; m++) stats.record('GET', '/a', 5, m === 19 ? 503 : 200, T0 + m * 60_000);
    const [series] = stats.snapshot(T0 + 19 * 60_000);
    expect(series!.points).toHaveLength(15);
    expect(series!.points[0]!.t).toBe(T0 + 5 * 60_000);
    expect(series!.points.at(-1)).toMatchObject({ count: 1, errors: 1 });
  });

  it('routes with no request in the window disappear', () => {
    const stats = createRouteStats({ minutes: 2 });
    stats.record('POST', '/old', 1, 200, T0);
    stats.record('GET', '/new', 1, 200, T0 + 5 * 60_000);
    expect(stats.snapshot(T0 + 5 * 60_000).map((s) => s.route)).toEqual(['/new']);
  });
});
