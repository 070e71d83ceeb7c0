/**
 * Picks the next character from the model's logits: temperature-scaled softmax with an
 * optional top-k cut, randomness injected (the worker seeds it, tests fix it).
 * Temperature 0 (or below 0.01) is greedy argmax.
 */
import type { Random } from './random';

export interface SampleOptions {
  temperature: number;
  /** Keep only the k most likely characters (0 or undefined keeps all). */
  topK?: number;
}

/** Index of the largest logit (the first one on ties). */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i += 1) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/** Softmax of `logits / temperature`, numerically stable. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i += 1) max = Math.max(max, logits[i]! / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i += 1) {
    out[i] = Math.exp(logits[i]! / temperature - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i += 1) out[i] = out[i]! / sum;
  return out;
}

/** Samples an index from `logits` with `options`, using `random` in [0, 1). */
export function sampleIndex(logits: ArrayLike<number>, options: SampleOptions, random: Random): number {
  if (options.temperature < 0.01) return argmax(logits);
  const probs = softmax(logits, options.temperature);
  if (options.topK && options.topK > 0 && options.topK < probs.length) {
    const cut = [...probs].sort((a, b) => b - a)[options.topK - 1]!;
    let kept = 0;
    for (let i = 0; i < probs.length; i += 1) {
      if (probs[i]! < cut) probs[i] = 0;
      kept += probs[i]!;
    }
    for (let i = 0; i < probs.length; i += 1) probs[i] = probs[i]! / kept;
  }
  let r = random();
  for (let i = 0; i < probs.length; i += 1) {
    r -= probs[i]!;
    if (r < 0) return i;
  }
  return argmax(probs);
}
