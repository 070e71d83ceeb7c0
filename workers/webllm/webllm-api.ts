/**
 * The web-llm adapter behind `WebLlmApi`, with its dependencies injected (the module
 * loader, WebGPU, fetch, timers) so the worker entry only wires real ones. Every load
 * failure becomes one AppError code: no WebGPU, host unreachable, broken config, a
 * model library that is not wasm, no progress for `stallTimeoutMs`, canceled.
 */
import type * as WebLlm from '@mlc-ai/web-llm';
import { AppError, isAppError, messageOf } from '../../core/errors';
import type { ChatMessage, GenerateResult, LoadProgress, ModelInfo, ModelStats } from '../../core/agent/model';
import type { WebLlmApi, WebLlmCapability, WebLlmCatalogEntry, WebLlmCustomRef, WebLlmModelRef } from './api';

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
}

export const DEFAULT_STALL_TIMEOUT_MS = 20_000;
/** How many of web-llm's prebuilt models the app offers (the first ones of its list). */
export const PREBUILT_LIST_LIMIT = 20;

/** One prebuilt record as a catalog entry (without the cache state, which needs the browser). */
export function catalogEntryOf(record: { model_id: string; vram_required_MB?: number; low_resource_required?: boolean }): WebLlmCatalogEntry {
  return {
    id: record.model_id,
    ...(record.vram_required_MB === undefined ? {} : { vramRequiredMB: record.vram_required_MB }),
    ...(record.low_resource_required === undefined ? {} : { lowResource: record.low_resource_required }),
  };
}

const isCustom = (ref: WebLlmModelRef): ref is WebLlmCustomRef => 'model' in ref;

/**
 * web-llm's own rule (`cleanModelUrl`): the files live under `<model>/resolve/main/`
 * unless `model` already contains `/resolve/<branch>/` (the Hugging Face layout).
 */
export function modelFilesBase(model: string): string {
  let base = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(base)) base += 'resolve/main/';
  return new URL(base).href;
}

const configUrl = (model: string) => new URL('mlc-chat-config.json', modelFilesBase(model)).href;

/** Maps whatever web-llm (or our preflight) threw to one of the webllm-* codes. */
export function classifyLoadError(error: unknown, modelId: string): AppError {
  if (isAppError(error)) return error;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const text = message.toLowerCase();
  if (error instanceof TypeError && /fetch|network|load failed/.test(text))
    return new AppError('webllm-host-unreachable', `web-llm model ${modelId}: the model host could not be reached (${message})`, { cause: error });
  if (error instanceof TypeError && /cache.*request failed/.test(text))
    return new AppError('webllm-host-unreachable', `web-llm model ${modelId}: a model file could not be fetched: it is missing, the host answered an HTTP error, or it does not allow this app (CORS) (${message})`, { cause: error });
  if (error instanceof SyntaxError || /json/.test(text))
    return new AppError('webllm-config-invalid', `web-llm model ${modelId}: mlc-chat-config.json is not valid JSON (${message})`, { cause: error });
  if (/webassembly|wasm|compileerror|linkerror|magic/.test(text))
    return new AppError('webllm-lib-invalid', `web-llm model ${modelId}: the model library is not an MLC WebGPU wasm (${message})`, { cause: error });
  return new AppError('webllm-load-failed', `web-llm model ${modelId}: ${message}`, { cause: error });
}

/** Checks a custom model's config before web-llm does, so its problems get a precise message. */
async function preflightConfig(deps: WebLlmDeps, ref: WebLlmCustomRef, signal: AbortSignal): Promise<void> {
  const url = configUrl(ref.model);
  let response: Response;
  try {
    response = await deps.fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new AppError('webllm-host-unreachable', `web-llm model ${ref.model_id}: ${url} could not be fetched (${String(error)})`, { cause: error });
  }
  if (!response.ok) throw new AppError('webllm-config-invalid', `web-llm model ${ref.model_id}: ${url} answered HTTP ${response.status}`);
  let config: unknown;
  try {
    config = JSON.parse(await response.text());
  } catch (error) {
    if (signal.aborted) throw error;
    throw new AppError('webllm-config-invalid', `web-llm model ${ref.model_id}: ${url} is not valid JSON (${String(error)})`, { cause: error });
  }
  const missing = ['conv_template', 'tokenizer_files', 'context_window_size'].filter((key) => typeof config !== 'object' || config === null || !(key in config));
  if (missing.length > 0) throw new AppError('webllm-config-invalid', `web-llm model ${ref.model_id}: ${url} lacks ${missing.join(', ')} (not an MLC chat config)`);
}

function validateRef(ref: WebLlmModelRef): void {
  if (isCustom(ref)) {
    for (const key of ['model', 'model_id', 'model_lib'] as const) {
      if (typeof ref[key] !== 'string' || ref[key].length === 0) throw new AppError('invalid-request', `web-llm custom model: ${key} is required`);
    }
    for (const key of ['model', 'model_lib'] as const) {
      if (!URL.canParse(ref[key])) throw new AppError('invalid-request', `web-llm custom model: ${key} is not an absolute URL: ${ref[key]}`);
    }
  } else if (typeof ref.id !== 'string' || ref.id.length === 0) throw new AppError('invalid-request', 'web-llm model: id is required');
}

export function createWebLlmApi(deps: WebLlmDeps): WebLlmApi {
  let engine: Engine | undefined;
  let loaded: ModelInfo | undefined;
  let currentLoad: { cancel(): void } | undefined;
  const running = new Map<string, boolean>();
  let lastStats: ModelStats = { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 };

  async function capability(): Promise<WebLlmCapability> {
    const gpu = deps.gpu();
    if (!gpu) return { available: false, reason: 'unavailable: no WebGPU in this browser (navigator.gpu is missing)' };
    try {
      const adapter = await gpu.requestAdapter();
      if (!adapter) return { available: false, reason: 'unavailable: no WebGPU adapter (requestAdapter() returned null)' };
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
          () => fail(new AppError('webllm-load-timeout', `web-llm model ${modelId}: no load progress for ${Math.round(stallMs / 1000)} s, stopped`)),
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
      const handle = { cancel: () => fail(new AppError('webllm-load-canceled', `web-llm model ${modelId}: loading was canceled`)) };
      currentLoad = handle;
      let created: Engine | undefined;

      const work = (async () => {
        progress({ fraction: 0, text: `Checking ${modelId}` });
        if (isCustom(ref)) await preflightConfig(deps, ref, controller.signal);
        const webllm = await deps.importWebLlm();
        progress({ fraction: 0, text: `Starting web-llm for ${modelId}` });
        const appConfig = isCustom(ref)
          ? { ...webllm.prebuiltAppConfig, model_list: [{ model: ref.model, model_id: ref.model_id, model_lib: ref.model_lib }] }
          : webllm.prebuiltAppConfig;
        if (!isCustom(ref) && !appConfig.model_list.some((r) => r.model_id === ref.id))
          throw new AppError('model-unknown', `web-llm has no prebuilt model ${ref.id}`);
        created = new webllm.MLCEngine({
          appConfig,
          initProgressCallback: (report) => progress({ fraction: Math.min(Math.max(report.progress, 0), 1), text: report.text }),
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

    async generate(requestId: string, messages: ChatMessage[], params, onToken): Promise<GenerateResult> {
      const current = engine;
      if (!current || !loaded) throw new AppError('model-not-loaded', 'No web-llm model is loaded.');
      running.set(requestId, true);
      const started = deps.now();
      let ttftMs = 0;
      let text = '';
      let tokens = 0;
      let finish: GenerateResult['finish'] = 'stop';
      try {
        const chunks = await current.chat.completions.create({
          messages: messages.map(({ role, content }) => ({ role: role === 'tool' ? 'user' : role, content }) as WebLlm.ChatCompletionMessageParam),
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
            onToken(delta);
          }
          if (choice?.finish_reason === 'length') finish = 'length';
          if (choice?.finish_reason === 'abort') finish = 'aborted';
          if (chunk.usage) tokens = chunk.usage.completion_tokens;
        }
      } catch (error) {
        throw new AppError('model-failed', `web-llm generation failed: ${messageOf(error)}`, { cause: error });
      } finally {
        if (!running.get(requestId)) finish = 'aborted';
        running.delete(requestId);
      }
      const durationMs = deps.now() - started;
      lastStats = { tokensPerSecond: durationMs > 0 ? (tokens * 1000) / durationMs : 0, ttftMs, memoryBytes: 0 };
      return { text, tokens, ttftMs, durationMs, finish };
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
