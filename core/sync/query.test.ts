/** SPEC E6 query parsing: resume precedence, limits and named errors; SSE framing. */
import { describe, expect, it } from 'vitest';
import { chunk, matchesFilter, parsePrefixes } from './filters';
import { parseStateQuery, parseStreamQuery, parseTailQuery, type QueryGetter } from './query';
import { formatSse, formatSseComment } from './sse';

/** A getter over `a=1&b=2` (core has no URLSearchParams: no DOM, no Node types). */
const query = (text: string): QueryGetter => {
  const pairs = text
    .split('&')
    .filter((part) => part !== '')
    .map((part) => part.split('=').map((s) => decodeURIComponent(s.replace(/\+/g, ' '))) as [string, string]);
  return (name) => pairs.filter(([key]) => key === name).map(([, value]) => value ?? '');
};

describe('events query', () => {
  it('Last-Event-ID wins over after and replay; replay=N is recent; nothing is live', () => {
    expect(parseStreamQuery(query('replay=5'), '42')).toEqual({
      ok: true,
      value: { filter: {}, start: { mode: 'after', after: 42 } },
    });
    expect(parseStreamQuery(query('after=7'), undefined)).toMatchObject({
      value: { start: { mode: 'after', after: 7 } },
    });
    expect(parseStreamQuery(query('replay=5'), undefined)).toMatchObject({
      value: { start: { mode: 'recent', count: 5 } },
    });
    expect(parseStreamQuery(query(''), undefined)).toMatchObject({ value: { start: { mode: 'live' } } });
  });

  it('names every bad parameter', () => {
    const bad = parseStreamQuery(query('after=x&replay=1001&corr_id=&prefix=A B'), 'nope');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error.map((issue) => issue.path).sort()).toEqual([
        'Last-Event-ID',
        'after',
        'corr_id',
        'prefix',
        'replay',
      ]);
    const tail = parseTailQuery(query('n=1&n=2'));
    expect(tail.ok ? [] : tail.error.map((issue) => issue.path)).toEqual(['n']);
    expect(parseTailQuery(query('prefix=Policy.,models.&project=p1'))).toEqual({
      ok: true,
      value: { n: 100, filter: { prefixes: ['policy.', 'models.'], projectId: 'p1' } },
    });
    expect(parseStateQuery(query('project=p2'))).toEqual({ ok: true, value: { projectId: 'p2', limit: 100 } });
  });

  it('filters by project, corr_id and prefix; prefixes split, trimmed and de-duplicated', () => {
    expect(parsePrefixes(['a., b.', 'a.', ''])).toEqual(['a.', 'b.']);
    const event = {
      id: 'x',
      time: 't',
      kind: 'policy.decision',
      v: 1,
      actor: 'a',
      payload: {},
      project_id: 'p',
      corr_id: 'c',
    };
    expect(matchesFilter(event, { prefixes: ['tool.', 'policy.'], projectId: 'p', corrId: 'c' })).toBe(true);
    expect(matchesFilter(event, { corrId: 'other' })).toBe(false);
    expect(chunk([1, 2, 3], 2)).toEqual([[1, 2], [3]]);
  });
});

describe('SSE framing', () => {
  it('writes id, event and one data line per line; fields cannot be forged with newlines', () => {
    expect(formatSse({ id: 3, event: 'obs.recorded', data: '{"a":1}' })).toBe(
      'id: 3\nevent: obs.recorded\ndata: {"a":1}\n\n',
    );
    expect(formatSse({ event: 'x\nid: 9', data: 'a\nb' })).toBe('event: x id: 9\ndata: a\ndata: b\n\n');
    expect(formatSseComment('keep-alive')).toBe(': keep-alive\n\n');
  });
});
