import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { runtimeHealth, throughput } from './status';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
const ev = (kind: string, ms: number, payload: Record<string, unknown>, corr = 'C'): EventEnvelope => ({
  id: `E${++n}`,
  time: new Date(T0 + ms).toISOString(),
  kind,
  v: 1,
  actor: 'a',
  corr_id: corr,
  payload,
});

describe('throughput', () => {
  it('measures live chunks of a running episode', () => {
    const events = [
      ev('tokens.out', 0, { seq: 0, count: 10, text: '' }),
      ev('tokens.out', 500, { seq: 1, count: 10, text: '' }),
    ];
    expect(throughput(events, T0 + 600)).toEqual({ tokensPerSecond: 40, source: 'live', corrId: 'C' });
  });
  it('falls back to the latest completed episode', () => {
    const events = [
      ev('episode.completed', 0, { duration_ms: 1, tokens_per_s: 12 }, 'A'),
      ev('tokens.out', 10, { seq: 0, count: 3, text: '' }, 'B'),
      ev('episode.completed', 20, { duration_ms: 1, tokens_per_s: 30 }, 'B'),
    ];
    expect(throughput(events, T0 + 100)).toEqual({ tokensPerSecond: 30, source: 'last', corrId: 'B' });
    expect(throughput([], T0)).toBeUndefined();
  });
});

describe('runtimeHealth', () => {
  it('keeps the newest report per component', () => {
    const events = [
      ev('runtime.health', 0, { component: 'inference', state: 'degraded' }),
      ev('runtime.health', 5, { component: 'inference', state: 'ok' }),
      ev('runtime.health', 1, { component: 'db', state: 'down', detail: 'quota' }),
    ];
    expect(runtimeHealth(events).map((h) => `${h.component}:${h.state}`)).toEqual(['db:down', 'inference:ok']);
  });
});
