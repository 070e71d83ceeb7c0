/**
 * The web-llm worker's contract (reached through Comlink): the app imports only these
 * types. `@mlc-ai/web-llm` (~6 MB) is imported lazily inside the worker, never in the
 * page. Failures reject with the boundary error shape of `../inference/api.ts`
 * (an Error named `AppError` whose message is `{ code, message, details }` as JSON).
 * Tokens leave on the token port every generating worker shares (`../shared/api.ts`).
 */
import type { ChatMessage, GenerateResult, LoadProgress, ModelInfo, ModelStats } from '../../core/agent/model';
import type { TokenMessage, TokenPortApi, TokenSink, WorkerGenerateResult } from '../shared/api';

export type { ChatMessage, GenerateResult, LoadProgress, ModelInfo, ModelStats };
export type { TokenMessage, TokenPortApi, TokenSink, WorkerGenerateResult };

/** A model web-llm ships a config for (`prebuiltAppConfig.model_list`), by id. */
export interface WebLlmPrebuiltRef {
  id: string;
}

/**
 * A user's own model (their mirror): the `appConfig.model_list` entry web-llm loads.
 * `model` is the folder URL holding `mlc-chat-config.json`, `tensor-cache.json`, the
 * `params_shard_*.bin` files and the tokenizer; `model_lib` is the MLC-compiled
 * `*-webgpu.wasm` for that model.
 */
export interface WebLlmCustomRef {
  model: string;
  model_id: string;
  model_lib: string;
}

export type WebLlmModelRef = WebLlmPrebuiltRef | WebLlmCustomRef;

/** Whether web-llm can run here; `reason` is shown to the user. No network is touched. */
export interface WebLlmCapability {
  available: boolean;
  reason: string;
}

/** One prebuilt model with what web-llm publishes about it (for capability checks). */
export interface WebLlmCatalogEntry {
  id: string;
  /** web-llm's `vram_required_MB`. */
  vramRequiredMB?: number;
  /** web-llm's `low_resource_required`: fits limited devices (phones). */
  lowResource?: boolean;
  /** Whether its files are already in this browser's web-llm cache; absent when unknown. */
  cached?: boolean;
}

export interface WebLlmLoadOptions {
  /** Load is stopped with `webllm-load-timeout` after this long without progress (default 20 s). */
  stallTimeoutMs?: number;
}

export interface WebLlmGenerateParams {
  maxTokens?: number;
  temperature?: number;
}

export interface WebLlmApi extends TokenPortApi {
  capability(): Promise<WebLlmCapability>;
  /** The first prebuilt model ids of web-llm's `prebuiltAppConfig` (no network). */
  list(limit?: number): Promise<string[]>;
  /** The same models as `list`, with their memory need and whether they are cached (no network). */
  catalog(limit?: number): Promise<WebLlmCatalogEntry[]>;
  /** Loads `model`, reporting progress; rejects with a clear AppError, never hangs. */
  load(
    model: WebLlmModelRef,
    onProgress?: (progress: LoadProgress) => void,
    options?: WebLlmLoadOptions,
  ): Promise<ModelInfo>;
  /** Stops a load in progress (it rejects with `webllm-load-canceled`); no-op otherwise. */
  cancelLoad(): Promise<void>;
  /**
   * Streams tokens to the token port as `TokenMessage`s tagged with `requestId`, batched
   * like the inference worker's (workers/shared/token-relay.ts). The port is not ordered
   * with this reply: `delivered` says how many tokens were posted, and the app side
   * resolves once it has received that many.
   */
  generate(requestId: string, messages: ChatMessage[], params: WebLlmGenerateParams): Promise<WorkerGenerateResult>;
  /** Interrupts the generation `requestId`; unknown or finished ids are ignored. */
  abort(requestId: string): Promise<void>;
  unload(): Promise<void>;
  stats(): Promise<ModelStats>;
}
