/**
 * The model interface the agent loop drives (SPEC Models & Orchestration). The
 * inference adapters in `workers/` (web-llm, onnxruntime-web, OpenAI-compatible HTTP)
 * and the deterministic probe model all implement it; the loop knows no special case.
 */

import type { ToolSpec } from '../tools/types';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** On an assistant message: the tool calls the model asked for (OpenAI `tool_calls`). */
  tool_calls?: ModelToolCall[];
  /** On a tool message: the call it answers. */
  tool_call_id?: string;
}

/** One tool call a model asked for; `arguments` is the JSON text the model wrote. */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ModelRef {
  /** Adapter-specific model id, e.g. `probe`, `arw-tiny-char`, or a web-llm id. */
  id: string;
  /** Optional custom URL (a user's own mirror). */
  url?: string;
}

export interface LoadProgress {
  /** 0..1 */
  fraction: number;
  text: string;
}

export interface ModelInfo {
  id: string;
  label: string;
  backend: string;
  /** True for models that are not a real language model (the probe). */
  demo: boolean;
}

/** The part of `AbortSignal` the loop needs (core has no DOM types). */
export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
}

export interface GenerateParams {
  maxTokens?: number;
  temperature?: number;
  signal?: AbortLike;
  /** Tools the model may call (OpenAI `tools`); adapters that cannot call tools ignore them. */
  tools?: readonly ToolSpec[];
}

export interface GenerateResult {
  text: string;
  tokens: number;
  ttftMs: number;
  durationMs: number;
  finish: 'stop' | 'length' | 'aborted' | 'tool_calls';
  /** The tool calls the model asked for (finish `tool_calls`), in the order it gave them. */
  toolCalls?: ModelToolCall[];
  /** Forward passes of the model (characters sampled, for the tiny model), when known. */
  steps?: number;
}

export interface ModelStats {
  tokensPerSecond: number;
  ttftMs: number;
  memoryBytes: number;
}

export interface ModelAdapter {
  load(model: ModelRef, options?: { onProgress?: (progress: LoadProgress) => void }): Promise<ModelInfo>;
  /** Streams tokens to `onToken` as they are produced; resolves when done or aborted. */
  generate(
    messages: readonly ChatMessage[],
    params: GenerateParams,
    onToken: (token: string) => void,
  ): Promise<GenerateResult>;
  embed(texts: readonly string[]): Promise<number[][]>;
  unload(): Promise<void>;
  stats(): Promise<ModelStats>;
}
