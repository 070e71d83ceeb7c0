import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../spec';
import { layoutWaterfall, tickStep } from './layout';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
let n = 0;
function ev(kind: string, ms: number, payload: Record<string, unknown> = {}): EventEnvelope {
  n += 1;
  return {
    id: `E${String(n).padStart(4, '0')}`,
    time: new Date(T0 + ms).toISOString(),
    kind,
    v: 1,
    actor: 'a',
    corr_id: 'C',
    payload,
  };
}

const episode = [
  ev('episode.started', 0, { agent: 'probe' }),
  ev('obs.recorded', 2, { source: 'user' }),
  ev('beliefs.updated', 10, { beliefs: [] }),
  ev('intents.proposed', 15, { intent: 'calc' }),
  ev('tool.invoked', 16, { tool: 'calc', call_id: 'k1' }),
  ev('tool.ran', 40, { tool: 'calc', call_id: 'k1', duration_ms: 24 }),
  ev('tokens.in', 41, { count: 9 }),
  ev('tokens.out', 60, { seq: 0, count: 3, text: 'abc' }),
  ev('tokens.out', 90, { seq: 1, count: 2, text: 'de', final: true }),
  ev('actions.taken', 95, { action: 'reply', ok: true }),
  ev('episode.completed', 100, { duration_ms: 100 }),
];

describe('layoutWaterfall', () => {
  const layout = layoutWaterfall(episode);
  const bar = (key: string) => layout.bars.find((b) => b.key === key || b.label === key)!;

  it('spans the episode from its first event to its terminal event', () => {
    expect(layout.origin).toBe(T0);
    expect(layout.total).toBe(100);
    expect(bar('episode')).toMatchObject({ start: 0, end: 100, tone: 'ok', open: false });
  });

  it('draws each stage from the previous stage event to its own', () => {
    const stages = layout.bars.filter((b) => b.lane === 'stage').map((b) => [b.label, b.start, b.end]);
    expect(stages).toEqual([
      ['observe · user', 0, 2],
      ['believe', 2, 10],
      ['intend', 10, 15],
      ['act', 15, 95],
    ]);
  });

  it('pairs tool calls by call_id and the token stream from prompt to last chunk', () => {
    expect(bar('tool:k1')).toMatchObject({ label: 'calc', start: 16, end: 40, tone: 'ok', open: false });
    expect(bar('tokens')).toMatchObject({ label: 'tokens ×5', start: 41, end: 90, open: false });
  });

  it('places ticks on a nice step across the axis', () => {
    expect(layout.ticks).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('keeps a running episode and an unfinished tool open up to now', () => {
    const running = layoutWaterfall(episode.slice(0, 5), T0 + 30);
    expect(running.total).toBe(30);
    expect(running.bars.find((b) => b.lane === 'episode')).toMatchObject({ open: true, end: 30 });
    expect(running.bars.find((b) => b.lane === 'tool')).toMatchObject({ open: true, end: 30 });
  });

  it('marks a failed tool call and returns an empty layout for no events', () => {
    const failed = layoutWaterfall([
      ev('tool.invoked', 0, { tool: 'x', call_id: 'z' }),
      ev('tool.error', 5, { tool: 'x', call_id: 'z', message: 'boom' }),
    ]);
    expect(failed.bars.find((b) => b.lane === 'tool')!.tone).toBe('error');
    expect(layoutWaterfall([]).bars).toEqual([]);
  });
});

describe('tickStep', () => {
  it('picks 1-2-5 steps', () => {
    expect(tickStep(100)).toBe(20);
    expect(tickStep(7)).toBe(2);
    expect(tickStep(2400)).toBe(500);
    expect(tickStep(0)).toBe(1);
  });
});
