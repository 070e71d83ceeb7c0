/**
 * The tiny character model's shape and math, shared by the trainer, the ONNX exporter
 * and the tests: last K character ids → embeddings (E each) → concat → tanh(x·W1 + b1)
 * → h·W2 + b2 = logits over the V characters. Weights are row-major Float32Arrays.
 */
import { gaussian, type Random } from './random';

export interface CharModelConfig {
  /** Vocabulary size V. */
  vocab: number;
  /** Context length K (characters of input). */
  context: number;
  /** Embedding width E. */
  embed: number;
  /** Hidden width H. */
  hidden: number;
}

export interface CharModelWeights {
  /** [V, E] */
  emb: Float32Array;
  /** [K*E, H] */
  w1: Float32Array;
  /** [H] */
  b1: Float32Array;
  /** [H, V] */
  w2: Float32Array;
  /** [V] */
  b2: Float32Array;
}

export const WEIGHT_NAMES = ['emb', 'w1', 'b1', 'w2', 'b2'] as const;

/** The element count of each weight for `config`. */
export function weightSizes(config: CharModelConfig): Record<keyof CharModelWeights, number> {
  const { vocab: v, context: k, embed: e, hidden: h } = config;
  return { emb: v * e, w1: k * e * h, b1: h, w2: h * v, b2: v };
}

/** Total number of parameters. */
export function parameterCount(config: CharModelConfig): number {
  return Object.values(weightSizes(config)).reduce((sum, n) => sum + n, 0);
}

/** Fresh weights: scaled normal init (1/sqrt(fan-in)), zero biases. */
export function initWeights(config: CharModelConfig, random: Random): CharModelWeights {
  const sizes = weightSizes(config);
  const normal = (n: number, scale: number) => Float32Array.from({ length: n }, () => gaussian(random) * scale);
  return {
    emb: normal(sizes.emb, 1),
    w1: normal(sizes.w1, 1 / Math.sqrt(config.context * config.embed)),
    b1: new Float32Array(sizes.b1),
    w2: normal(sizes.w2, 1 / Math.sqrt(config.hidden)),
    b2: new Float32Array(sizes.b2),
  };
}

/** Gathers and concatenates the embeddings of `ids` (length K) into `out` [K*E]. */
export function embedContext(
  weights: CharModelWeights,
  config: CharModelConfig,
  ids: ArrayLike<number>,
  out: Float32Array,
  offset = 0,
): void {
  const e = config.embed;
  for (let t = 0; t < config.context; t += 1) {
    const row = ids[t]! * e;
    for (let j = 0; j < e; j += 1) out[offset + t * e + j] = weights.emb[row + j]!;
  }
}

/** out[H] = tanh(x[KE] · W1 + b1) */
export function hiddenLayer(
  weights: CharModelWeights,
  config: CharModelConfig,
  x: Float32Array,
  xOffset: number,
  out: Float32Array,
  outOffset: number,
): void {
  const h = config.hidden;
  const n = config.context * config.embed;
  for (let j = 0; j < h; j += 1) out[outOffset + j] = weights.b1[j]!;
  for (let k = 0; k < n; k += 1) {
    const xv = x[xOffset + k]!;
    if (xv === 0) continue;
    const row = k * h;
    for (let j = 0; j < h; j += 1) out[outOffset + j] += xv * weights.w1[row + j]!;
  }
  for (let j = 0; j < h; j += 1) out[outOffset + j] = Math.tanh(out[outOffset + j]!);
}

/** out[V] = hidden[H] · W2 + b2 */
export function outputLayer(
  weights: CharModelWeights,
  config: CharModelConfig,
  hidden: Float32Array,
  hOffset: number,
  out: Float32Array,
  outOffset: number,
): void {
  const v = config.vocab;
  for (let j = 0; j < v; j += 1) out[outOffset + j] = weights.b2[j]!;
  for (let k = 0; k < config.hidden; k += 1) {
    const hv = hidden[hOffset + k]!;
    const row = k * v;
    for (let j = 0; j < v; j += 1) out[outOffset + j] += hv * weights.w2[row + j]!;
  }
}

/** The logits [V] for one context of K ids: the reference forward pass the ONNX graph must match. */
export function forward(weights: CharModelWeights, config: CharModelConfig, ids: ArrayLike<number>): Float32Array {
  if (ids.length !== config.context) throw new Error(`expected ${config.context} ids, got ${ids.length}`);
  const x = new Float32Array(config.context * config.embed);
  const hidden = new Float32Array(config.hidden);
  const logits = new Float32Array(config.vocab);
  embedContext(weights, config, ids, x);
  hiddenLayer(weights, config, x, 0, hidden, 0);
  outputLayer(weights, config, hidden, 0, logits, 0);
  return logits;
}
