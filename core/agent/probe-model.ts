/**
 * The probe agent as a `ModelAdapter`: deterministic, rule-based (see probe-reply.ts),
 * clearly labelled as not a real model. It streams word tokens with an injected
 * `sleep` between them and times itself with an injected clock, so tests are exact.
 */
import { AppError } from '../errors';
import type { Clock } from '../lib/clock';
import { whenAborted } from './abort';
import type { ChatMessage, GenerateParams, GenerateResult, ModelAdapter, ModelInfo, ModelStats } from './model';
import { probeReply, splitTokens } from './probe-reply';

/** Waits `ms` milliseconds (setTimeout in the browser, a fake in tests). */
export type Sleep = (ms: number) => Promise<void>;

export const PROBE_MODEL_INFO: ModelInfo = {
  id: 'probe',
  label: 'Probe agent (rule-based, deterministic)',
  backend: 'rules',
  demo: true,
};

export const PROBE_EMBED_DIMS = 64;

/** FNV-1a, 32 bits: a stable hash for the bag-of-words embedding. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Hashed bag of words, L2-normalized; text without words gives the zero vector. */
export function probeEmbedding(text: string): number[] {
  const vector = new Array<number>(PROBE_EMBED_DIMS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) vector[hash(word) % PROBE_EMBED_DIMS]! += 1;
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

/** The probe model. `tokenDelayMs` (default 12) is slept before each token; 0 skips sleeping. */
export function createProbeModel(options: { sleep: Sleep; clock: Clock; tokenDelayMs?: number }): ModelAdapter {
  const { sleep, clock } = options;
  const tokenDelayMs = options.tokenDelayMs ?? 12;
  let loaded = false;
  let last: ModelStats = { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 };

  const requireLoaded = () => {
    if (!loaded) throw new AppError('model-not-loaded', 'load the probe model before using it');
  };

  async function generate(
    messages: readonly ChatMessage[],
    params: GenerateParams,
    onToken: (token: string) => void,
  ): Promise<GenerateResult> {
    requireLoaded();
    const started = clock.now();
    const aborted = whenAborted(params.signal);
    const tokens = splitTokens(probeReply(messages));
    const maxTokens = params.maxTokens ?? Number.POSITIVE_INFINITY;
    let text = '';
    let count = 0;
    let ttftMs = 0;
    let finish: GenerateResult['finish'] = 'stop';
    for (const token of tokens) {
      if (count >= maxTokens) {
        finish = 'length';
        break;
      }
      // Race the delay against abort so a stop lands within one tick, not one token.
      if (tokenDelayMs > 0 && !params.signal?.aborted) await Promise.race([sleep(tokenDelayMs), aborted]);
      if (params.signal?.aborted) {
        finish = 'aborted';
        break;
      }
      if (count === 0) ttftMs = clock.now() - started;
      text += token;
      count += 1;
      onToken(token);
    }
    const durationMs = clock.now() - started;
    last = { tokensPerSecond: durationMs > 0 ? (count * 1000) / durationMs : 0, ttftMs, memoryBytes: 0 };
    return { text, tokens: count, ttftMs, durationMs, finish };
  }

  return {
    async load(model, loadOptions) {
      if (model.id !== PROBE_MODEL_INFO.id)
        throw new AppError('model-unknown', `the probe adapter cannot load '${model.id}'`);
      loadOptions?.onProgress?.({ fraction: 0, text: 'Starting the probe agent' });
      loaded = true;
      loadOptions?.onProgress?.({ fraction: 1, text: 'Probe agent ready (rules, no download)' });
      return { ...PROBE_MODEL_INFO };
    },
    generate,
    async embed(texts) {
      requireLoaded();
      return texts.map(probeEmbedding);
    },
    async unload() {
      loaded = false;
    },
    async stats() {
      return { ...last };
    },
  };
}
