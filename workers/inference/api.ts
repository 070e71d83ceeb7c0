/**
 * The inference worker's contract (reached through Comlink): the app imports only this
 * type. Nothing here may need class identity or an AbortSignal across the boundary:
 * abort is its own call keyed by `requestId`, and failures reject with a plain `Error`
 * named `AppError` whose message is the JSON of `SerializedError` (see below).
 */
import type { ChatMessage, GenerateResult, LoadProgress, ModelInfo, ModelRef, ModelStats } from '../../core/agent/model';

/** Generation parameters that can be cloned across postMessage (no signal). */
export interface WorkerGenerateParams {
  maxTokens?: number;
  temperature?: number;
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
  /** Loads `model` with the adapter that offers it, unloading the previous one. */
  load(model: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<ModelInfo>;
  /**
   * Streams tokens to `onToken` (a Comlink proxy); resolves after every token has been
   * delivered. `abort(requestId)` ends it early with finish `aborted`.
   */
  generate(
    requestId: string,
    messages: ChatMessage[],
    params: WorkerGenerateParams,
    onToken: (token: string) => void,
  ): Promise<GenerateResult>;
  /** Stops the generation `requestId`; unknown or finished ids are ignored. */
  abort(requestId: string): Promise<void>;
  embed(texts: string[]): Promise<number[][]>;
  unload(): Promise<void>;
  stats(): Promise<ModelStats>;
}
