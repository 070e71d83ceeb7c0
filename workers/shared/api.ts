/**
 * The token path every worker that generates shares (reached through Comlink): one
 * MessagePort, connected once when the app starts the worker, carries every
 * generation's tokens in batches (token-port.ts says why one port). The app imports
 * only these types; each worker's own `api.ts` re-exports them.
 */
import type { GenerateResult } from '../../core/agent/model';

/** A batch of tokens on the token port (see `connectTokenPort`). */
export interface TokenMessage {
  requestId: string;
  tokens: string[];
}

/** What the worker posts token batches to: its end of the app's token MessageChannel. */
export interface TokenSink {
  postMessage(message: TokenMessage): void;
}

/**
 * A generation's result across the boundary: `delivered` tokens were posted to the token
 * port; `toolCalls` (finish `tool_calls`) come back whole, never on the token port.
 */
export interface WorkerGenerateResult extends GenerateResult {
  delivered: number;
}

/** The one path tokens take out of the worker. */
export interface TokenPortApi {
  /**
   * The port (a transferred MessagePort) that receives the tokens of every `generate`,
   * as `TokenMessage`s in order; set once when the app starts the worker. Tokens of a
   * generation that runs before it is set are dropped (and not counted in `delivered`).
   */
  connectTokenPort(port: TokenSink): Promise<void>;
}
