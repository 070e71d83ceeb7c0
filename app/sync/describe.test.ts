/** Sync health words: the status-bar summary, the 30 s "never silent" banner rule, and link problems as catalogue codes. */
import { expect, test } from 'vitest';
import { describeNote } from '../../core/errors';
import { closeProblem, failingLinks, linkErrorText, refusedProblem, rejectProblem, summarize } from './describe';
import type { LinkState } from './types';

const link = (patch: Partial<LinkState>): LinkState => ({
  pairingId: 'a',
  url: 'http://s',
  projects: ['p1'],
  phase: 'live',
  pending: 0,
  ...patch,
});

test('the summary names the worst state and what waits to be sent', () => {
  expect(summarize([])).toEqual({ text: 'local only — no server paired', tone: 'muted' });
  expect(summarize([link({})]).text).toBe('sync: in sync');
  expect(summarize([link({}), link({ phase: 'offline', pending: 3 })]).text).toBe(
    'sync: offline — will sync when back online · 3 to send',
  );
  expect(summarize([link({ phase: 'waiting' })]).tone).toBe('warn');
  expect(summarize([link({ phase: 'waiting' }), link({ phase: 'incompatible' })])).toEqual({
    text: 'sync: update the app',
    tone: 'error',
  });
});

test('a link failing for 30 s while online is shown; offline or recent failures are not; incompatible always is', () => {
  const now = 100_000;
  const failing = link({ phase: 'waiting', failingSince: now - 30_000 });
  const recent = link({ phase: 'waiting', failingSince: now - 29_000 });
  expect(failingLinks([failing, recent], now, true)).toEqual([failing]);
  expect(failingLinks([failing], now, false)).toEqual([]);
  expect(failingLinks([link({ phase: 'incompatible' })], now, false)).toHaveLength(1);
});

test('close codes become catalogue codes, whose sentences say what happened', () => {
  const describeClose = (code: number, reason: string, welcomed: boolean) =>
    describeNote(closeProblem(code, reason, welcomed));
  expect(describeClose(4426, '', false)).toMatch(/update the app/);
  expect(describeClose(4401, '', true)).toMatch(/refused the sync token/);
  expect(describeClose(1006, '', true)).toMatch(/lost; reconnecting/);
  expect(describeClose(1006, '', false)).toMatch(/Could not reach the server/);
  expect(closeProblem(4426, 'protocol version not supported', false)).toEqual({
    code: 'sync-protocol-unsupported',
    detail: 'protocol version not supported',
  });
  expect([4401, 4403, 1009, 4400, 1011].map((code) => closeProblem(code, '', true).code)).toEqual([
    'sync-token-refused',
    'sync-token-refused',
    'sync-message-too-large',
    'sync-bad-message',
    'sync-store-failed',
  ]);
});

test('a reject keeps the server’s code; a protocol mismatch names the range the server serves', () => {
  const range = { min_protocol: 1, max_protocol: 3 };
  expect(rejectProblem({ code: 'protocol-too-new', reason: 'newer', ...range })).toEqual({
    code: 'protocol-too-new',
    detail: 'the server serves sync protocol 1–3',
  });
  expect(
    describeNote(rejectProblem({ code: 'protocol-too-old', reason: 'older', min_protocol: 2, max_protocol: 2 })),
  ).toMatch(/protocol.*update the app.*\(the server serves sync protocol 2\)$/);
  expect(rejectProblem({ code: 'bad-hello', reason: 'device_id: required', ...range })).toEqual({
    code: 'bad-hello',
    detail: 'device_id: required',
  });
});

test('refused events name the first one with its issues and count the rest', () => {
  const refused = [
    { event: { id: 'e1', kind: 'tokens.out' }, issues: [{ path: 'payload.text', message: 'too long' }] },
    { event: { id: 'e2', kind: 'obs.recorded' }, issues: [] },
  ];
  expect(refusedProblem(refused)).toEqual({
    code: 'sync-events-refused',
    detail: 'tokens.out e1 (and 1 more): payload.text: too long',
  });
  expect(linkErrorText({ lastError: refusedProblem(refused) })).toMatch(
    /^The server refused events .*\(tokens\.out e1 \(and 1 more\): payload\.text: too long\)$/,
  );
  expect(linkErrorText({})).toBeUndefined();
});

test('a refused link reads as refused, not as an outage: an error in the summary, in the banner at once', () => {
  const refused = link({ phase: 'refused', failingSince: 99_000, lastError: { code: 'sync-token-refused-stopped' } });
  expect(summarize([link({ phase: 'waiting' }), refused])).toEqual({
    text: 'sync: refused by the server',
    tone: 'error',
  });
  expect(failingLinks([refused], 100_000, true)).toEqual([refused]);
  expect(linkErrorText(refused)).toMatch(
    /refused this device’s sync token, so syncing stopped \(it is not an outage\)/,
  );
});
