import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { buildTimeline } from './timeline';

let n = 0;
function ev(kind: string, payload: Record<string, unknown>, corr = 'C1'): EventEnvelope {
  n += 1;
  return {
    id: `E${String(n).padStart(4, '0')}`,
    time: new Date(1_000 + n).toISOString(),
    kind,
    v: 1,
    actor: 'device:x',
    corr_id: corr,
    payload,
  };
}

describe('buildTimeline', () => {
  it('renders the stages in order with human summaries', () => {
    const rows = buildTimeline(
      [
        ev('obs.recorded', { source: 'user', text: 'hi' }),
        ev('beliefs.updated', { beliefs: [{ claim: 'user greets' }] }),
        ev('intents.proposed', { intent: 'reply' }),
        ev('actions.taken', { action: 'reply', ok: true, output: 'hello' }),
      ],
      'chronological',
    );
    expect(rows.map((r) => r.stage)).toEqual(['observation', 'belief', 'intent', 'action']);
    expect(rows[0]!.detail).toBe('hi');
    expect(rows[3]!.tone).toBe('ok');
  });

  it('folds token chunks of one episode into one row, concatenated by seq', () => {
    const rows = buildTimeline(
      [
        ev('tokens.out', { seq: 1, count: 1, text: 'lo' }),
        ev('tokens.out', { seq: 0, count: 1, text: 'hel' }),
        ev('tool.invoked', { tool: 't', call_id: 'x' }),
      ],
      'chronological',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]!.tokens).toEqual({ text: 'hello', count: 2, chunks: 2, done: false });
    expect(rows[0]!.title).toContain('streaming');
  });

  it('marks a token stream done when the episode ends', () => {
    const rows = buildTimeline(
      [ev('tokens.out', { seq: 0, count: 1, text: 'a' }), ev('episode.completed', { duration_ms: 5 })],
      'chronological',
    );
    expect(rows[0]!.tokens!.done).toBe(true);
  });

  it('keeps the newest rows up to the cap, newest first for "all"', () => {
    const events = Array.from({ length: 150 }, (_, i) =>
      ev('obs.recorded', { source: 'user', text: String(i) }, `C${i}`),
    );
    const rows = buildTimeline(events, 'newest-first');
    expect(rows).toHaveLength(100);
    expect(rows[0]!.detail).toBe('149');
    expect(rows[99]!.detail).toBe('50');
  });

  it('shows tool durations and policy decisions inline', () => {
    const rows = buildTimeline(
      [
        ev('tool.ran', { tool: 'calc', call_id: 'a', duration_ms: 12 }),
        ev('policy.decision', {
          decision: 'deny',
          capability: 'net:http',
          subject: 'probe',
          mode: 'ask',
          by: 'policy',
          reason: 'no lease',
        }),
      ],
      'chronological',
    );
    expect(rows[0]!.title).toBe('Tool calc ran in 12 ms');
    expect(rows[1]!.title).toBe('Policy denied · net:http');
    expect(rows[1]!.tone).toBe('error');
  });
});
