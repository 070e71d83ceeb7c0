/**
 * Groups streamed tokens into `tokens.out` chunks (SPEC E3): a full chunk
 * (`maxTokens`) or one older than `maxDelayMs` goes out when the next token arrives,
 * checked with the injected clock (no timer, so the order of events is a function of
 * the token stream alone). Holding the chunk until then means `finish` always sends a
 * non-empty last chunk with `final: true` (empty only when there were no tokens).
 */
import type { PayloadOf } from '../../spec';
import type { Clock } from '../lib/clock';

export type TokensOutChunk = PayloadOf<'tokens.out'>;

export interface TokenBatchOptions {
  /** Tokens per chunk (default 8). */
  maxTokens?: number;
  /** Longest time a token waits for a chunk once the next token arrives (default 50 ms). */
  maxDelayMs?: number;
}

export interface TokenBatcher {
  push(token: string): void;
  /** Sends what is pending as a non-final chunk (nothing when nothing is pending), e.g. before a tool runs. */
  flush(): void;
  /** Sends what is left as the final chunk (empty only if no token came at all). */
  finish(): void;
  /** Everything pushed so far, concatenated. */
  readonly text: string;
  readonly count: number;
  /** Time from `startedAt` to the first token, once there is one. */
  readonly ttftMs: number | undefined;
}

/** A batcher that hands each chunk to `send`; `startedAt` is when generation began. */
export function createTokenBatcher(
  clock: Clock,
  startedAt: number,
  send: (chunk: TokensOutChunk) => void,
  options: TokenBatchOptions = {},
): TokenBatcher {
  const maxTokens = options.maxTokens ?? 8;
  const maxDelayMs = options.maxDelayMs ?? 50;
  let pending: string[] = [];
  let lastFlush = startedAt;
  let seq = 0;
  let text = '';
  let total = 0;
  let ttftMs: number | undefined;

  const flush = (final: boolean, now: number) => {
    const chunk: TokensOutChunk = { seq, count: pending.length, text: pending.join('') };
    if (seq === 0 && ttftMs !== undefined) chunk.ttft_ms = ttftMs;
    if (final) chunk.final = true;
    send(chunk);
    seq += 1;
    pending = [];
    lastFlush = now;
  };

  return {
    push(token) {
      const now = clock.now();
      if (ttftMs === undefined) ttftMs = now - startedAt;
      if (pending.length >= maxTokens || (pending.length > 0 && now - lastFlush >= maxDelayMs)) flush(false, now);
      text += token;
      total += 1;
      pending.push(token);
    },
    flush() {
      if (pending.length > 0) flush(false, clock.now());
    },
    finish: () => flush(true, lastFlush),
    get text() {
      return text;
    },
    get count() {
      return total;
    },
    get ttftMs() {
      return ttftMs;
    },
  };
}
