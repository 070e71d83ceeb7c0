/**
 * The tiny character model as a `ModelAdapter` on onnxruntime-web: loads the config and
 * the .onnx with progress, samples characters one step at a time (yielding to the event
 * loop between steps so abort and other calls get through), streams word tokens, embeds
 * by mean character embedding, and keeps tokens/s and time to first token.
 */
import type * as Ort from 'onnxruntime-web';
import type { ChatMessage, GenerateResult, ModelAdapter, ModelInfo, ModelStats } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import { ONNX_EMBEDDED, ONNX_INPUT, ONNX_LOGITS } from '../../core/inference/char-model-onnx';
import {
  contextWindow,
  createCharVocab,
  fillContextWindow,
  normalizeText,
  type CharVocab,
} from '../../core/inference/char-vocab';
import type { Random } from '../../core/inference/random';
import { sampleIndex } from '../../core/inference/sampling';
import type { Clock } from '../../core/lib/clock';
import { fetchCharModel, type CharModelSource, type Fetch } from './onnx-fetch';
import type { CharModelMeta } from './onnx-model-meta';
import type { RuntimeEnvironment } from './onnx-runtime-choice';
import { openManagedSession, type CreateSession, type ManagedSession, type RuntimeHealthReport } from './onnx-session';

/** Longest stretch of generation between two turns of the worker's event loop. */
const YIELD_EVERY_MS = 8;

export interface OnnxCharDeps {
  Tensor: typeof Ort.Tensor;
  createSession: CreateSession;
  fetch: Fetch;
  /** Where `<id>.json` and the .onnx live, e.g. `/models/`. */
  baseUrl: string;
  environment: () => RuntimeEnvironment;
  clock: Clock;
  random: Random;
  /** Lets queued messages (abort) run between steps without timer clamping. */
  yieldNow: () => Promise<void>;
  onHealth?: (report: RuntimeHealthReport) => void;
  /** Where a model's config and bytes come from (the model store); defaults to fetching from `baseUrl`. */
  source?: CharModelSource;
}

/** Stats plus which provider runs the model and why. */
export interface OnnxStats extends ModelStats {
  backend: string;
  reason: string;
}

const DEFAULT_MAX_TOKENS = 40;
const DEFAULT_TEMPERATURE = 0.7;
const TOP_K = 12;

/** The prompt the model continues: the last user message, then a paragraph break. */
function promptOf(messages: readonly ChatMessage[]): string {
  const user = [...messages].reverse().find((message) => message.role === 'user');
  return `${normalizeText(user?.content ?? '').trim()}\n\n`;
}

export function createOnnxCharAdapter(deps: OnnxCharDeps): ModelAdapter & { stats(): Promise<OnnxStats> } {
  let loaded: { meta: CharModelMeta; vocab: CharVocab; session: ManagedSession; bytes: number } | undefined;
  let last = { tokensPerSecond: 0, ttftMs: 0 };

  const need = () => {
    if (!loaded) throw new AppError('model-not-loaded', 'the tiny model is not loaded');
    return loaded;
  };
  const backendOf = (session: ManagedSession) => `onnxruntime-web · ${session.choice().label}`;

  const contextTensor = (rows: number[][]) =>
    new deps.Tensor('int64', BigInt64Array.from(rows.flat().map((id) => BigInt(id))), [rows.length, rows[0]!.length]);

  /**
   * The generation loop's input: one tensor over one buffer, refilled in place each step
   * (the last `context` ids, padded on the left) instead of three arrays and a tensor per
   * character; onnxruntime-web copies inputs into its own memory on every run.
   */
  const contextFeed = (context: number, vocabSize: number, pad: number) => {
    const big = Array.from({ length: vocabSize }, (_, id) => BigInt(id));
    const buffer = new BigInt64Array(context);
    const tensor = new deps.Tensor('int64', buffer, [1, context]);
    return (ids: readonly number[]) => (fillContextWindow(buffer, ids, pad, big), tensor);
  };

  return {
    async load(model, options = {}) {
      const report = options.onProgress ?? (() => undefined);
      const { meta, bytes } = await (deps.source ?? fetchCharModel(deps.fetch, deps.baseUrl))(model, report);
      report({ fraction: 0.92, text: 'Starting onnxruntime-web' });
      const session = await openManagedSession(bytes, deps.environment(), deps.createSession, deps.onHealth);
      await loaded?.session.release();
      loaded = { meta, vocab: createCharVocab(meta.chars), session, bytes: bytes.length };
      report({ fraction: 1, text: `Ready on ${session.choice().label}` });
      const info: ModelInfo = {
        id: meta.id,
        label: meta.label,
        backend: `${backendOf(session)} — ${session.choice().reason}`,
        demo: true,
      };
      return info;
    },

    async generate(messages, params, onToken): Promise<GenerateResult> {
      const { meta, vocab, session } = need();
      const started = deps.clock.now();
      const maxTokens = params.maxTokens ?? DEFAULT_MAX_TOKENS;
      const temperature = params.temperature ?? DEFAULT_TEMPERATURE;
      const ids = vocab.encode(promptOf(messages));
      const pad = vocab.id(' ');
      let text = '';
      let word = '';
      let tokens = 0;
      let ttftMs = 0;
      let finish: GenerateResult['finish'] = 'length';
      let lastYield = deps.clock.now();
      let steps = 0;
      const feed = contextFeed(meta.context, vocab.chars.length, pad);
      const emit = (token: string) => {
        if (tokens === 0) ttftMs = deps.clock.now() - started;
        tokens += 1;
        text += token;
        onToken(token);
      };
      for (let step = 0; step < maxTokens * 16; step += 1) {
        if (params.signal?.aborted) {
          finish = 'aborted';
          break;
        }
        const out = await session.run({ [ONNX_INPUT]: feed(ids) }, [ONNX_LOGITS]);
        steps += 1;
        const next = sampleIndex(out[ONNX_LOGITS]!.data as Float32Array, { temperature, topK: TOP_K }, deps.random);
        const char = vocab.chars[next]!;
        ids.push(next);
        // A newline ends the paragraph the model was writing: the reply is done.
        if (char === '\n' && (tokens > 0 || word.trim())) {
          finish = 'stop';
          break;
        }
        if (char !== '\n') word += char;
        if (char === ' ' && word.trim()) {
          emit(word);
          word = '';
          if (tokens >= maxTokens) break;
        }
        // Let abort and other messages in every few ms, not after every character.
        if (deps.clock.now() - lastYield >= YIELD_EVERY_MS) {
          await deps.yieldNow();
          lastYield = deps.clock.now();
        }
      }
      if (word.trim() && finish !== 'aborted' && tokens < maxTokens) emit(word.trimEnd());
      if (params.signal?.aborted) finish = 'aborted';
      const durationMs = deps.clock.now() - started;
      last = { tokensPerSecond: durationMs > 0 ? (tokens * 1000) / durationMs : 0, ttftMs };
      return { text, tokens, ttftMs, durationMs, finish, steps };
    },

    async embed(texts) {
      const { meta, vocab, session } = need();
      const vectors: number[][] = [];
      for (const text of texts) {
        const ids = vocab.encode(normalizeText(text));
        const rows: number[][] = [];
        for (let i = 0; i < Math.max(1, ids.length); i += meta.context)
          rows.push(contextWindow(ids.slice(i, i + meta.context), meta.context, vocab.id(' ')));
        const out = await session.run({ [ONNX_INPUT]: contextTensor(rows) }, [ONNX_EMBEDDED]);
        const data = out[ONNX_EMBEDDED]!.data as Float32Array;
        const sum = new Array<number>(meta.embed).fill(0);
        const positions = rows.length * meta.context;
        for (let p = 0; p < positions; p += 1)
          for (let j = 0; j < meta.embed; j += 1) sum[j]! += data[p * meta.embed + j]!;
        const mean = sum.map((x) => x / positions);
        const norm = Math.hypot(...mean) || 1;
        vectors.push(mean.map((x) => x / norm));
      }
      return vectors;
    },

    async unload() {
      const current = loaded;
      loaded = undefined;
      last = { tokensPerSecond: 0, ttftMs: 0 };
      await current?.session.release();
    },

    async stats() {
      if (!loaded) return { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0, backend: 'none', reason: 'no model loaded' };
      return {
        ...last,
        memoryBytes: loaded.bytes,
        backend: backendOf(loaded.session),
        reason: loaded.session.choice().reason,
      };
    },
  };
}
