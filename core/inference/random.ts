/**
 * A seeded pseudo-random source (mulberry32) for training and sampling: the trainer
 * and tests pass a seed so runs are reproducible; the worker seeds it from crypto.
 */

/** A function returning floats in [0, 1), deterministic for a given seed. */
export type Random = () => number;

/** mulberry32: small, fast, good enough for weight init, batching and sampling. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box-Muller) from `random`. */
export function gaussian(random: Random): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
