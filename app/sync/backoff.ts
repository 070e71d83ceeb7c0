/**
 * Reconnect delays: exponential from 500 ms to 30 s with jitter, so that many devices
 * losing one server do not all come back in the same millisecond.
 */

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

/**
 * The wait before attempt `attempt` (0 = the first retry): a random point in the upper
 * half of min(max, 2·min·2^attempt), so 500–1000 ms first and 15–30 s at the cap.
 * `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, 2 * BACKOFF_MIN_MS * 2 ** Math.max(0, Math.min(attempt, 16)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
