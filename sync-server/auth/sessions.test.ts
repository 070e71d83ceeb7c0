import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { Principal } from './authenticate';
import { createSessionRegistry } from './sessions';
import type { TokenRecord } from './token-store';

const record = (over: Partial<TokenRecord>): TokenRecord => ({
  id: 'tok_a',
  label: 'phone',
  kind: 'sync',
  scopes: [],
  projects: null,
  sha256: '',
  createdAt: 0,
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
  ...over,
});
const principal = (id: string): Principal => ({
  kind: 'sync',
  id,
  label: id,
  scopes: [],
  projects: null,
  fingerprint: id,
});

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test('H2: a session ends "expired" on the first sweep after its token expires, and only then', () => {
  let now = 1_000;
  const rows = new Map([['tok_a', record({ expiresAt: 5_000 })]]);
  const registry = createSessionRegistry({ store: { get: (id) => rows.get(id) }, now: () => now, sweepMs: 250 });
  const ended: string[] = [];
  registry.track(principal('tok_a'), (why) => ended.push(why));
  vi.advanceTimersByTime(1_000);
  expect(ended).toEqual([]);
  now = 5_000;
  vi.advanceTimersByTime(250);
  expect(ended).toEqual(['expired']);
  vi.advanceTimersByTime(1_000);
  expect(ended).toEqual(['expired']);
  expect(registry.size()).toBe(0);
});

test('H2: revoked(id) ends that token’s sessions at once, once each; others and released ones are untouched', () => {
  const rows = new Map([
    ['tok_a', record({ id: 'tok_a' })],
    ['tok_b', record({ id: 'tok_b' })],
  ]);
  const registry = createSessionRegistry({ store: { get: (id) => rows.get(id) }, now: () => 0 });
  const ended: string[] = [];
  registry.track(principal('tok_a'), () => ended.push('a1'));
  registry.track(principal('tok_a'), () => ended.push('a2'));
  const release = registry.track(principal('tok_a'), () => ended.push('a3'));
  registry.track(principal('tok_b'), () => ended.push('b'));
  release();
  registry.revoked('tok_a');
  registry.revoked('tok_a');
  expect(ended).toEqual(['a1', 'a2']);
  expect(registry.size()).toBe(1);
});

test('H2: a token row revoked or deleted behind the server’s back is found by the sweep; env-preset admins are never tracked', () => {
  const rows = new Map([['tok_a', record({})]]);
  const registry = createSessionRegistry({ store: { get: (id) => rows.get(id) }, now: () => 0, sweepMs: 250 });
  const ended: string[] = [];
  registry.track(principal('tok_a'), (why) => ended.push(why));
  registry.track(principal('tok_gone'), (why) => ended.push(`gone:${why}`));
  registry.track(principal('env-admin'), (why) => ended.push(`env:${why}`));
  rows.set('tok_a', record({ revokedAt: 1 }));
  vi.advanceTimersByTime(250);
  expect(ended.sort()).toEqual(['gone:revoked', 'revoked']);
  registry.close();
});
