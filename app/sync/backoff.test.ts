/** Reconnect backoff: 500 ms → 30 s, jittered, never above the cap. */
import { expect, test } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay } from './backoff';

test('delays grow from about 500 ms to a 30 s cap, within the jitter band', () => {
  expect(backoffDelay(0, () => 0)).toBe(500);
  expect(backoffDelay(0, () => 0.999999)).toBe(1000);
  expect(backoffDelay(3, () => 0.5)).toBe(6000);
  for (const attempt of [10, 20, 1000]) {
    expect(backoffDelay(attempt, () => 0.999999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
    expect(backoffDelay(attempt, () => 0)).toBe(BACKOFF_MAX_MS / 2);
  }
});

test('jitter spreads retries of many devices', () => {
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, random)));
  expect(delays.size).toBeGreaterThan(40);
});
