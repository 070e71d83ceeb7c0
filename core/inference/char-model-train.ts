/**
 * Training for the tiny character model: mini-batch cross-entropy with hand-written
 * backprop and Adam, all on Float32Arrays. Pure (no IO): the script in scripts/ feeds
 * it the corpus and a seeded random, and a unit test checks a few steps lower the loss.
 */
import {
  embedContext,
  hiddenLayer,
  outputLayer,
  WEIGHT_NAMES,
  type CharModelConfig,
  type CharModelWeights,
} from './char-model';
import type { Random } from './random';

export interface AdamState {
  step: number;
  m: CharModelWeights;
  v: CharModelWeights;
}

export interface Batch {
  /** [B*K] context ids */
  contexts: Int32Array;
  /** [B] next-character ids */
  targets: Int32Array;
}

const zerosLike = (w: CharModelWeights): CharModelWeights => ({
  emb: new Float32Array(w.emb.length),
  w1: new Float32Array(w.w1.length),
  b1: new Float32Array(w.b1.length),
  w2: new Float32Array(w.w2.length),
  b2: new Float32Array(w.b2.length),
});

export function createAdam(weights: CharModelWeights): AdamState {
  return { step: 0, m: zerosLike(weights), v: zerosLike(weights) };
}

/** A random batch of `size` (context, next char) pairs from `ids[from, to)`. */
export function sampleBatch(
  ids: Int32Array,
  from: number,
  to: number,
  context: number,
  size: number,
  random: Random,
): Batch {
  const contexts = new Int32Array(size * context);
  const targets = new Int32Array(size);
  for (let b = 0; b < size; b += 1) {
    const start = from + Math.floor(random() * (to - from - context - 1));
    contexts.set(ids.subarray(start, start + context), b * context);
    targets[b] = ids[start + context]!;
  }
  return { contexts, targets };
}

/**
 * Mean cross-entropy (nats) of `batch`; with `grads` it also accumulates the gradient of
 * that mean into `grads` (which the caller zeroes).
 */
export function batchLoss(
  weights: CharModelWeights,
  config: CharModelConfig,
  batch: Batch,
  grads?: CharModelWeights,
): number {
  const { context: k, embed: e, hidden: h, vocab: v } = config;
  const n = k * e;
  const size = batch.targets.length;
  const x = new Float32Array(size * n);
  const hid = new Float32Array(size * h);
  const logits = new Float32Array(size * v);
  let loss = 0;
  for (let b = 0; b < size; b += 1) {
    embedContext(weights, config, batch.contexts.subarray(b * k, (b + 1) * k), x, b * n);
    hiddenLayer(weights, config, x, b * n, hid, b * h);
    outputLayer(weights, config, hid, b * h, logits, b * v);
    // Softmax in place: logits become probabilities, then dlogits = (p - onehot) / B.
    let max = -Infinity;
    for (let j = 0; j < v; j += 1) max = Math.max(max, logits[b * v + j]!);
    let sum = 0;
    for (let j = 0; j < v; j += 1) sum += logits[b * v + j] = Math.exp(logits[b * v + j]! - max);
    for (let j = 0; j < v; j += 1) logits[b * v + j] = logits[b * v + j]! / sum;
    const target = batch.targets[b]!;
    loss -= Math.log(Math.max(logits[b * v + target]!, 1e-12));
    logits[b * v + target] = logits[b * v + target]! - 1;
  }
  if (!grads) return loss / size;
  const scale = 1 / size;
  const dh = new Float32Array(h);
  const dx = new Float32Array(n);
  for (let b = 0; b < size; b += 1) {
    const dl = logits.subarray(b * v, (b + 1) * v);
    const hb = hid.subarray(b * h, (b + 1) * h);
    for (let j = 0; j < v; j += 1) {
      dl[j] = dl[j]! * scale;
      grads.b2[j] = grads.b2[j]! + dl[j]!;
    }
    for (let i = 0; i < h; i += 1) {
      const hv = hb[i]!;
      let acc = 0;
      const row = i * v;
      for (let j = 0; j < v; j += 1) {
        grads.w2[row + j] = grads.w2[row + j]! + hv * dl[j]!;
        acc += weights.w2[row + j]! * dl[j]!;
      }
      dh[i] = acc * (1 - hv * hv);
      grads.b1[i] = grads.b1[i]! + dh[i]!;
    }
    const xb = x.subarray(b * n, (b + 1) * n);
    for (let kk = 0; kk < n; kk += 1) {
      const xv = xb[kk]!;
      const row = kk * h;
      let acc = 0;
      for (let j = 0; j < h; j += 1) {
        grads.w1[row + j] = grads.w1[row + j]! + xv * dh[j]!;
        acc += weights.w1[row + j]! * dh[j]!;
      }
      dx[kk] = acc;
    }
    for (let t = 0; t < k; t += 1) {
      const row = batch.contexts[b * k + t]! * e;
      for (let j = 0; j < e; j += 1) grads.emb[row + j] = grads.emb[row + j]! + dx[t * e + j]!;
    }
  }
  return loss / size;
}

/** One Adam update of `weights` with `grads` (β1 0.9, β2 0.999). */
export function adamStep(weights: CharModelWeights, grads: CharModelWeights, state: AdamState, lr: number): void {
  state.step += 1;
  const c1 = 1 - 0.9 ** state.step;
  const c2 = 1 - 0.999 ** state.step;
  for (const name of WEIGHT_NAMES) {
    const w = weights[name];
    const g = grads[name];
    const m = state.m[name];
    const s = state.v[name];
    for (let i = 0; i < w.length; i += 1) {
      m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
      s[i] = 0.999 * s[i]! + 0.001 * g[i]! * g[i]!;
      w[i] = w[i]! - (lr * (m[i]! / c1)) / (Math.sqrt(s[i]! / c2) + 1e-8);
    }
  }
}

/** Zeroes every gradient array (reuse between steps). */
export function zeroGrads(grads: CharModelWeights): void {
  for (const name of WEIGHT_NAMES) grads[name].fill(0);
}

export function createGrads(weights: CharModelWeights): CharModelWeights {
  return zerosLike(weights);
}
