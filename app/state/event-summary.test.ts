import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { formatMs, preview, summarizeEvent } from './event-summary';

const ev = (kind: string, payload: Record<string, unknown>, extra: Partial<EventEnvelope> = {}): EventEnvelope => ({
  id: 'E1',
  time: '2026-01-01T00:00:00.000Z',
  kind,
  v: 1,
  actor: 'a',
  payload,
  ...extra,
});

describe('summarizeEvent', () => {
  it('describes episode ends with timing and tone', () => {
    expect(summarizeEvent(ev('episode.completed', { duration_ms: 1500, tokens_out: 12, tokens_per_s: 8 }))).toEqual({
      title: 'Completed in 1.50 s · 12 tokens · 8.0 tok/s',
      tone: 'ok',
    });
    expect(summarizeEvent(ev('episode.error', { message: 'boom', error_code: 'model-failed' }))).toMatchObject({
      title: 'Failed (model-failed)',
      detail: 'boom',
      tone: 'error',
    });
  });
  it('describes policy prompts and answers', () => {
    expect(
      summarizeEvent(
        ev('policy.prompt', {
          prompt_id: 'p',
          capability: 'fs:read',
          scope: 'path://x',
          subject: 'agent',
          reason: 'needs a file',
        }),
      ),
    ).toMatchObject({
      title: 'Permission asked · fs:read on path://x',
      detail: 'agent — needs a file',
      tone: 'warn',
    });
    expect(
      summarizeEvent(ev('policy.allow', { capability: 'gpu', subject: 's', decided_by: 'me', ttl_secs: 60 })).detail,
    ).toBe('by me for 60 s');
  });
  it('names the deciding device by its name, and never by its raw id', () => {
    const allow = ev('policy.allow', { capability: 'gpu', decided_by: 'device:01JPHONE' });
    expect(summarizeEvent(allow).detail).toBe('by a device');
    expect(summarizeEvent(allow, (actor) => (actor === 'device:01JPHONE' ? 'Phone' : actor)).detail).toBe('by Phone');
    expect(
      summarizeEvent(ev('policy.deny', { capability: 'gpu', decided_by: 'device:01JX' }), () => 'this device').detail,
    ).toBe('by this device');
  });
  it('falls back to status or kind with a payload preview, and never throws on odd payloads', () => {
    expect(summarizeEvent(ev('sync.state', { a: 1 }, { status: 'paired' }))).toMatchObject({
      title: 'paired',
      detail: '{"a":1}',
    });
    expect(summarizeEvent(ev('beliefs.updated', { beliefs: 'nope' })).title).toBe('Beliefs updated · 0');
    expect(summarizeEvent(ev('tool.ran', {})).title).toBe('Tool ? ran in –');
  });
});

describe('preview and formatMs', () => {
  it('cuts long text and formats durations', () => {
    expect(preview('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(65_000)).toBe('1 min 5 s');
  });
});
