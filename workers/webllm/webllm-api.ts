/**
 * The web-llm adapter behind `WebLlmApi`, with its dependencies injected (the module
 * loader, WebGPU, fetch, timers) so the worker entry only wires real ones. Every load
 * failure becomes one AppError code: no WebGPU, host unreachable, broken config, a
 * model library that is not wasm, no progress for `stallTimeoutMs`, canceled. Tokens go
 * out on the shared token port (workers/shared/token-port.ts), like the inference worker's.
 */
import type * as WebLlm from '@mlc-ai/web-llm';
import { AppError, messageOf } from '../../core/errors';
import type { ChatMessage, GenerateResult, LoadProgress, ModelInfo, ModelStats } from '../../core/agent/model';
import { createTokenPort, streamTokens } from '../shared/token-port';
import { DEFAULT_RELAY_TIMERS, type RelayTimers } from '../shared/token-relay';
import type { WebLlmApi, WebLlmCapability, WebLlmCatalogEntry, WorkerGenerateResult } from './api';
import { catalogEntryOf, isCustom, classifyLoadError, preflightConfig, validateRef } from './model-refs';

export { catalogEntryOf, classifyLoadError, modelFilesBase } from './model-refs';

type WebLlmModule = Pick<typeof WebLlm, 'MLCEngine' | 'prebuiltAppConfig' | 'hasModelInCache'>;
type Engine = Pick<WebLlm.MLCEngine, 'reload' | 'unload' | 'interruptGenerate' | 'chat'>;

interface GpuLike {
  requestAdapter(): Promise<unknown>;
}

export interface WebLlmDeps {
  /** The lazy `import('@mlc-ai/web-llm')`. */
  importWebLlm(): Promise<WebLlmModule>;
  gpu(): GpuLike | undefined;
  fetch(url: string, init?: { signal?: AbortSignal }): Promise<Response>;
  now(): number;
  /** Clock and timers that batch tokens for the port (the worker's own by default). */
  timers?: RelayTimers;
}

export const DEFAULT_STALL_TIMEOUT_MS = 20_000;
/** How many of web-llm's prebuilt models the app offers (the first ones of its list). */
export const PREBUILT_LIST_LIMIT = 20;

export function createWebLlmApi(deps: WebLlmDeps): WebLlmApi {
  let engine: Engine | undefined;
  let loaded: ModelInfo | undefined;
  let currentLoad: { cancel(): void } | undefined;
  const running = new Map<string, boolean>();
  let lastStats: ModelStats = { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 };
  const tokenPort = createTokenPort();

  async function capability(): Promise<WebLlmCapability> {
    const gpu = deps.gpu();
    if (!gpu) return { available: false, reason: 'unavailable: no WebGPU in this browser (navigator.gpu is missing)' };
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter) return { available: false, reason: 'unavailable: this browser has no WebGPU here' };
    } catch (error) {
      return { available: false, reason: `unavailable: no WebGPU adapter (${String(error)})` };
    }
    return { available: true, reason: 'a WebGPU adapter is available' };
  }

  async function dropEngine(): Promise<void> {
    const old = engine;
    engine = undefined;
    loaded = undefined;
    if (old) await old.unload().catch(() => undefined);
  }

  return {
    capability,

    async list(limit = PREBUILT_LIST_LIMIT) {
      const webllm = await deps.importWebLlm();
      return webllm.prebuiltAppConfig.model_list.slice(0, Math.max(0, limit)).map((record) => record.model_id);
    },

    async catalog(limit = PREBUILT_LIST_LIMIT) {
      const webllm = await deps.importWebLlm();
      const records = webllm.prebuiltAppConfig.model_list.slice(0, Math.max(0, limit));
      return Promise.all(
        records.map(async (record): Promise<WebLlmCatalogEntry> => {
          let cached: boolean | undefined;
          try {
            cached = await webllm.hasModelInCache(record.model_id, webllm.prebuiltAppConfig);
          } catch {
            // No Cache API here (e.g. not a secure context): unknown, not "cached".
          }
          return { ...catalogEntryOf(record), ...(cached === undefined ? {} : { cached }) };
        }),
      );
    },

    async load(ref, onProgress, options = {}) {
      validateRef(ref);
      const modelId = isCustom(ref) ? ref.model_id : ref.id;
      const can = await capability();
      if (!can.available) throw new AppError('webllm-unavailable', `web-llm ${can.reason}`);
      currentLoad?.cancel();
      await dropEngine();

      const stallMs = Math.min(Math.max(options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS, 100), 600_000);
      const controller = new AbortController();
      let fail: (error: AppError) => void = () => undefined;
      const stopped = new Promise<never>((_, reject) => (fail = reject));
      let timer: ReturnType<typeof setTimeout> | undefined;
      const armTimer = () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(
          () =>
            fail(
              new AppError(
                'webllm-load-timeout',
                `web-llm model ${modelId}: no load progress for ${Math.round(stallMs / 1000)} s, stopped`,
              ),
            ),
          stallMs,
        );
      };
      const progress = (p: LoadProgress) => {
        armTimer();
        try {
          onProgress?.(p);
        } catch {
          // A closed proxy must not break the load.
        }
      };
      const handle = {
        cancel: () => fail(new AppError('webllm-load-canceled', `web-llm model ${modelId}: loading was canceled`)),
      };
      currentLoad = handle;
      let created: Engine | undefined;

      const work = (async () => {
        progress({ fraction: 0, text: `Checking ${modelId}` });
        if (isCustom(ref)) await preflightConfig(deps, ref, controller.signal);
        const webllm = await deps.importWebLlm();
        progress({ fraction: 0, text: `Starting web-llm for ${modelId}` });
        const appConfig = isCustom(ref)
          ? {
              ...webllm.prebuiltAppConfig,
              model_list: [{ model: ref.model, model_id: ref.model_id, model_lib: ref.model_lib }],
            }
          : webllm.prebuiltAppConfig;
        if (!isCustom(ref) && !appConfig.model_list.some((r) => r.model_id === ref.id))
          throw new AppError('model-unknown', `web-llm has no prebuilt model ${ref.id}`);
        created = new webllm.MLCEngine({
          appConfig,
          initProgressCallback: (report) =>
            progress({ fraction: Math.min(Math.max(report.progress, 0), 1), text: report.text }),
        });
        if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
        await created.reload(modelId);
        if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
        return created;
      })();

      try {
        armTimer();
        const ready = await Promise.race([work, stopped]);
        engine = ready;
        loaded = { id: modelId, label: `${modelId} (web-llm)`, backend: 'web-llm (WebGPU)', demo: false };
        progress({ fraction: 1, text: `${modelId} loaded` });
        return loaded;
      } catch (error) {
        controller.abort();
        // web-llm's unload aborts its reload; the late settle of `work` is ignored.
        work.catch(() => undefined);
        void created?.unload().catch(() => undefined);
        throw classifyLoadError(error, modelId);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        if (currentLoad === handle) currentLoad = undefined;
      }
    },

    async cancelLoad() {
      currentLoad?.cancel();
    },

    async connectTokenPort(port) {
      tokenPort.connect(port);
    },

    async generate(requestId: string, messages: ChatMessage[], params): Promise<WorkerGenerateResult> {
      const current = engine;
      if (!current || !loaded) throw new AppError('model-not-loaded', 'No web-llm model is loaded.');
      const stream = streamTokens(tokenPort, requestId, deps.timers ?? DEFAULT_RELAY_TIMERS);
      running.set(requestId, true);
      const started = deps.now();
      let ttftMs = 0;
      let text = '';
      let tokens = 0;
      let finish: GenerateResult['finish'] = 'stop';
      try {
        const chunks = await current.chat.completions.create({
          messages: messages.map(
            ({ role, content }) =>
              ({ role: role === 'tool' ? 'user' : role, content }) as WebLlm.ChatCompletionMessageParam,
          ),
          stream: true,
          max_tokens: params.maxTokens,
          temperature: params.temperature,
          stream_options: { include_usage: true },
        });
        for await (const chunk of chunks) {
          const choice = chunk.choices[0];
          const delta = choice?.delta.content ?? '';
          if (delta) {
            if (tokens === 0) ttftMs = deps.now() - started;
            tokens += 1;
            text += delta;
            stream.push(delta);
          }
          if (choice?.finish_reason === 'length') finish = 'length';
          if (choice?.finish_reason === 'abort') finish = 'aborted';
          if (chunk.usage) tokens = chunk.usage.completion_tokens;
        }
      } catch (error) {
        throw new AppError('model-failed', `web-llm generation failed: ${messageOf(error)}`, { cause: error });
      } finally {
        stream.flush();
        if (!running.get(requestId)) finish = 'aborted';
        running.delete(requestId);
      }
      const durationMs = deps.now() - started;
      lastStats = { tokensPerSecond: durationMs > 0 ? (tokens * 1000) / durationMs : 0, ttftMs, memoryBytes: 0 };
      return { text, tokens, ttftMs, durationMs, finish, delivered: stream.delivered() };
    },

    async abort(requestId) {
      if (!running.has(requestId)) return;
      running.set(requestId, false);
      await engine?.interruptGenerate();
    },

    async unload() {
      currentLoad?.cancel();
      await dropEngine();
    },

    async stats() {
      return lastStats;
    },
  };
}
