/**
 * The inference worker's contract (reached through Comlink): the app imports only this
 * type. Nothing here may need class identity or an AbortSignal across the boundary:
 * abort is its own call keyed by `requestId`, and failures reject with a plain `Error`
 * named `AppError` whose message is the JSON of `SerializedError` (see below).
 */
import type { ChatMessage, LoadProgress, ModelInfo, ModelRef, ModelStats } from '../../core/agent/model';
import type { ToolSpec } from '../../core/tools/types';
import type { DownloadOutcome, DownloadProgress, ModelManifest, StoredModel } from '../../core/models/manifest';
import type { RuntimeProfileName } from '../../core/inference/runtime-profiles';
import type { EvictionReason, PoolEngineState, PoolEvent, PoolState } from './pool-types';
import type { OpenAiServerConfig } from './openai-http';
import type { TokenMessage, TokenPortApi, TokenSink, WorkerGenerateResult } from '../shared/api';

export type { DownloadOutcome, DownloadProgress, ModelManifest, OpenAiServerConfig, StoredModel };
export type { EvictionReason, PoolEngineState, PoolEvent, PoolState, RuntimeProfileName };
export type { TokenMessage, TokenPortApi, TokenSink, WorkerGenerateResult };

/** Generation parameters that can be cloned across postMessage (no signal). */
export interface WorkerGenerateParams {
  /** Defaults to the runtime profile's reply length. */
  maxTokens?: number;
  temperature?: number;
  /** A specific warm engine (loaded when it is not); defaults to the active model. */
  model?: ModelRef;
  /** Tools the model may call (plain JSON); adapters that cannot call tools ignore them. */
  tools?: ToolSpec[];
}

/**
 * How a rejection looks on the app side: `error.name === BOUNDARY_ERROR_NAME` and
 * `JSON.parse(error.message)` is `{ code, message, details }` (AppError.toJSON()).
 * Comlink keeps only name, message and stack of a thrown Error, hence the JSON.
 */
export type BoundaryErrorName = 'AppError';

export interface InferenceApi {
  /** Every model the registered adapters offer. */
  list(): Promise<ModelInfo[]>;
  /**
   * Makes `model` the active one, loading it with the adapter that offers it unless it
   * is warm in the pool; earlier models stay warm up to the profile's limits.
   */
  load(model: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<ModelInfo>;
  /**
   * Streams tokens to the token port (see `TokenPortApi`) as `TokenMessage`s tagged with
   * `requestId`, in order: the first token alone at once, then at most one batch per
   * frame (see workers/shared/token-relay.ts). The port is not ordered with this call's reply: the
   * result says how many tokens were posted in `delivered`, and the app side resolves
   * once it has received that many. `abort(requestId)` ends it early with finish `aborted`.
   */
  generate(requestId: string, messages: ChatMessage[], params: WorkerGenerateParams): Promise<WorkerGenerateResult>;
  /** Stops the generation `requestId`; unknown or finished ids are ignored. */
  abort(requestId: string): Promise<void>;
  embed(texts: string[]): Promise<number[][]>;
  /** Unloads the active model (its running generations end `aborted`). */
  unload(): Promise<void>;
  stats(): Promise<ModelStats>;
}

/** The warm-engine pool and runtime profiles (issue 5, item 3), in the same worker. */
export interface InferencePoolApi {
  /**
   * Applies a runtime profile (unknown names reject with `invalid-request`): new limits
   * at once, idle engines whose load parameters change reload before this resolves,
   * busy ones after their running generations finish.
   */
  setProfile(profile: RuntimeProfileName): Promise<PoolState>;
  /** The profile, memory budget and warm engines (most recently used first). */
  poolState(): Promise<PoolState>;
  /** Unloads one warm engine by its pool key; false when it is not warm. */
  unloadEngine(key: string): Promise<boolean>;
  /** `listener` (a Comlink proxy) receives every pool event: loads, evictions, unloads, reloads, profile switches. */
  watchPool(listener: (event: PoolEvent) => void): Promise<void>;
}

/**
 * The model store in the same worker (issue 5, item 4): hash-addressed, resumable,
 * SHA-256 verified downloads into OPFS. `onProgress` (a Comlink proxy) receives every
 * `models.download.progress` payload, all delivered before the call resolves.
 */
export interface ModelStoreApi {
  downloadModel(manifest: ModelManifest, onProgress?: (progress: DownloadProgress) => void): Promise<DownloadOutcome>;
  pauseDownload(id: string): Promise<void>;
  /** Stops the download and deletes its partial data. */
  cancelDownload(id: string): Promise<void>;
  deleteModel(id: string): Promise<void>;
  storedModels(): Promise<StoredModel[]>;
  /** Marks a cached model used now (LRU order); false when it is not cached. */
  touchModel(id: string): Promise<boolean>;
  /** Evicts least-recently-used cached models until `bytes` more are free. */
  evictModels(bytes: number): Promise<string[]>;
  modelStorage(): Promise<{ usage: number; quota: number; models: number }>;
}

/** Everything the inference worker exposes: inference, tokens, the model store, OpenAI servers. */
export interface InferenceWorkerApi extends InferenceApi, InferencePoolApi, TokenPortApi, ModelStoreApi {
  /** Replaces the OpenAI-compatible servers the `openai-http` backend offers models from. */
  configureOpenAi(servers: OpenAiServerConfig[]): Promise<void>;
  /** The model names one server lists (GET /v1/models), for "Test connection"; rejects with its error code. */
  listOpenAiModels(server: OpenAiServerConfig): Promise<string[]>;
}
