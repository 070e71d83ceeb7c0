import { describe, expect, it } from 'vitest';
import { kindLabel, reasonLabel } from './labels';
import { createServerMetrics } from './server-metrics';

const seriesOf = async (metrics: ReturnType<typeof createServerMetrics>, name: string) =>
  (await metrics.registry.getSingleMetric(name)!.get()).values;

describe('H9: event metrics have bounded label sets', () => {
  it('H9: 100,000 unique bogus kinds and field paths make a handful of series, and /metrics stays small', async () => {
    const metrics = createServerMetrics();
    for (let i = 0; i < 100_000; i++) {
      metrics.eventRejected(`bogus.kind-${i}`, `invalid:payload.field${i}`);
      metrics.eventAccepted(`made.up${i}`);
    }
    metrics.eventAccepted('obs.recorded');
    const series = await seriesOf(metrics, 'arw_events_total');
    expect(series.length).toBeLessThanOrEqual(4);
    expect(series).toContainEqual(
      expect.objectContaining({
        labels: { kind: 'other', outcome: 'rejected', reason: 'invalid:payload' },
        value: 100_000,
      }),
    );
    expect(series).toContainEqual(
      expect.objectContaining({ labels: { kind: 'other', outcome: 'accepted', reason: '' }, value: 100_000 }),
    );
    expect(Buffer.byteLength(await metrics.render())).toBeLessThan(64 * 1024);
  });

  it('H9: known kinds keep their own series, legacy spellings normalized (SPEC E2)', () => {
    expect(kindLabel('obs.recorded')).toBe('obs.recorded');
    expect(kindLabel('Models.DownloadProgress')).toBe('models.download.progress');
    expect(kindLabel('obs.recorded.extra')).toBe('other');
    expect(kindLabel('x'.repeat(100_000))).toBe('other');
  });

  it('H9: a rejection reason is the envelope field named, a catalog code, or other', () => {
    expect(reasonLabel('invalid:project_id')).toBe('invalid:project_id');
    expect(reasonLabel('invalid:payload.attacker.chosen')).toBe('invalid:payload');
    expect(reasonLabel('invalid:(root)')).toBe('invalid:root');
    expect(reasonLabel('invalid:surprise_field')).toBe('invalid:root');
    expect(reasonLabel('sync-project-forbidden')).toBe('sync-project-forbidden');
    expect(reasonLabel('free text from somewhere')).toBe('other');
  });

  it('H5: poison messages are counted by stream and a closed set of reasons', async () => {
    const metrics = createServerMetrics();
    metrics.natsPoison('ARW_EVENTS', 'not-json');
    metrics.natsPoison('ARW_EVENTS', 'not-json');
    metrics.natsPoison('ARW_YJS', 'yjs-malformed');
    metrics.natsPoison('SOMETHING_ELSE', 'made-up' as never);
    const text = await metrics.render();
    expect(text).toMatch(/arw_nats_poison_total\{stream="ARW_EVENTS",reason="not-json"\} 2\b/);
    expect(text).toMatch(/arw_nats_poison_total\{stream="ARW_YJS",reason="yjs-malformed"\} 1\b/);
    expect(text).toMatch(/arw_nats_poison_total\{stream="other",reason="other"\} 1\b/);
  });
});
