/** Sync health words: the status-bar summary and the 30 s "never silent" banner rule. */
import { expect, test } from 'vitest';
import { describeClose, failingLinks, summarize } from './describe';
import type { LinkState } from './types';

const link = (patch: Partial<LinkState>): LinkState => ({ pairingId: 'a', url: 'http://s', projects: ['p1'], phase: 'live', pending: 0, ...patch });

test('the summary names the worst state and what waits to be sent', () => {
  expect(summarize([])).toEqual({ text: 'local only — no server paired', tone: 'muted' });
  expect(summarize([link({})]).text).toBe('sync: in sync');
  expect(summarize([link({}), link({ phase: 'offline', pending: 3 })]).text).toBe('sync: offline — will sync when back online · 3 to send');
  expect(summarize([link({ phase: 'waiting' })]).tone).toBe('warn');
  expect(summarize([link({ phase: 'waiting' }), link({ phase: 'incompatible' })])).toEqual({ text: 'sync: update the app', tone: 'error' });
});

test('a link failing for 30 s while online is shown; offline or recent failures are not; incompatible always is', () => {
  const now = 100_000;
  const failing = link({ phase: 'waiting', failingSince: now - 30_000 });
  const recent = link({ phase: 'waiting', failingSince: now - 29_000 });
  expect(failingLinks([failing, recent], now, true)).toEqual([failing]);
  expect(failingLinks([failing], now, false)).toEqual([]);
  expect(failingLinks([link({ phase: 'incompatible' })], now, false)).toHaveLength(1);
});

test('close codes become sentences', () => {
  expect(describeClose(4426, '', false)).toMatch(/update the app/);
  expect(describeClose(4401, '', true)).toMatch(/refused the sync token/);
  expect(describeClose(1006, '', true)).toMatch(/lost; reconnecting/);
  expect(describeClose(1006, '', false)).toMatch(/Could not reach the server/);
});
