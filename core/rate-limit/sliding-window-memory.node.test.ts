/** Issue 4: the sliding-window limiter holds 100k distinct keys in under 50 MB of heap. */
import { expect, test } from 'vitest';
import { createSlidingWindowLimiter } from './sliding-window';

test('100k distinct keys (IP and token keys, LRU-capped) stay under 50 MB of heap', () => {
  let now = 1_000_000;
  const clock = { now: () => now };
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  const limiter = createSlidingWindowLimiter({ limit: 60, windowMs: 60_000, clock, maxKeys: 100_000 });
  for (let i = 0; i < 100_000; i += 1) {
    limiter.hit(`ip:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 3);
    if (i % 1000 === 0) now += 1;
  }
  const used = process.memoryUsage().heapUsed - before;
  console.log(
    `rate limiter: ${limiter.size()} keys, ~${(used / 1024 / 1024).toFixed(1)} MB heap growth (includes garbage)`,
  );
  expect(limiter.size()).toBe(100_000);
  expect(used).toBeLessThan(50 * 1024 * 1024);
});
