/**
 * One MessagePort for every generation's tokens, set up once per worker: a plain
 * `postMessage({ requestId, tokens })` per batch, with no reply. A Comlink callback per
 * generation cost a new channel, a transfer, and an acknowledgement for every batch
 * that the worker had to process before its next call (about a millisecond per reply,
 * several per cent of the tiny model's time).
 */
import type { InferenceApi, TokenMessage } from './api';

/** The slice of a MessagePort the worker posts to. */
export interface TokenSink {
  postMessage(message: TokenMessage): void;
}

/**
 * `api` whose `generate` may be called without a callback: its tokens then go to the
 * connected port, tagged with the request id. With a callback it is unchanged.
 */
export function withTokenPort<T extends Pick<InferenceApi, 'generate'>>(api: T): T & { connectTokenPort(port: TokenSink): Promise<void> } {
  let sink: TokenSink | undefined;
  return {
    ...api,
    generate(requestId, messages, params, onTokens) {
      const target = onTokens ?? (sink && ((tokens: string[]) => sink!.postMessage({ requestId, tokens })));
      if (target === undefined) return api.generate(requestId, messages, params, () => undefined);
      return api.generate(requestId, messages, params, target);
    },
    async connectTokenPort(port) {
      sink = port;
    },
  };
}
