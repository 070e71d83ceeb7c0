/**
 * A worker's one token path: every generation's batches go out on one MessagePort
 * (connected once, when the app starts the worker) as plain `{ requestId, tokens }`
 * messages, with no reply. A Comlink callback per generation cost a new channel, a
 * transfer, and an acknowledgement for every batch that the worker had to process
 * before its next call (about a millisecond per reply, several per cent of the tiny
 * model's time). Until a port is connected, batches are dropped.
 */
import type { TokenSink } from './api';
import { createTokenRelay, type RelayTimers } from './token-relay';

export interface TokenPort {
  /** Replaces the port batches are posted to. */
  connect(port: TokenSink): void;
  /** Posts one batch of `requestId`'s tokens; false when no port is connected (dropped). */
  post(requestId: string, tokens: string[]): boolean;
}

export function createTokenPort(): TokenPort {
  let sink: TokenSink | undefined;
  return {
    connect(port) {
      sink = port;
    },
    post(requestId, tokens) {
      if (sink === undefined) return false;
      sink.postMessage({ requestId, tokens });
      return true;
    },
  };
}

/** One generation's tokens on the port: batched (token-relay.ts), tagged, and counted. */
export interface TokenStream {
  push(token: string): void;
  /** Posts what is pending now (call before the generation resolves). */
  flush(): void;
  /** Tokens posted so far (what the app side waits for); dropped ones do not count. */
  delivered(): number;
}

export function streamTokens(port: TokenPort, requestId: string, timers: RelayTimers): TokenStream {
  let delivered = 0;
  const relay = createTokenRelay((tokens) => {
    if (port.post(requestId, tokens)) delivered += tokens.length;
  }, timers);
  return { push: relay.push, flush: relay.flush, delivered: () => delivered };
}
