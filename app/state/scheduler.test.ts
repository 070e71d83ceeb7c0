import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from './scheduler';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createScheduler', () => {
  it('once: a pending callback is not postponed by later requests (bounded latency)', () => {
    const scheduler = createScheduler();
    const fn = vi.fn();
    scheduler.once('batch', 50, fn);
    vi.advanceTimersByTime(30);
    scheduler.once('batch', 50, fn);
    vi.advanceTimersByTime(20);
    expect(fn).toHaveBeenCalledTimes(1);
    scheduler.once('batch', 50, fn);
    vi.advanceTimersByTime(50);
    expect(fn).toHaveBeenCalledTimes(2);
  });
  it('every repeats until cancelled', () => {
    const scheduler = createScheduler();
    const fn = vi.fn();
    scheduler.every('tick', 1000, fn);
    vi.advanceTimersByTime(3000);
    scheduler.cancelAll();
    vi.advanceTimersByTime(3000);
    expect(fn).toHaveBeenCalledTimes(3);
  });
});
