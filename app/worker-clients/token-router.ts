/**
 * The app's end of a worker's token port (workers/shared/api.ts): one MessageChannel per
 * worker, connected once when the worker starts, whose `{ requestId, tokens }` batches are
 * routed to the generation they belong to. Both the inference and the web-llm client use it.
 */
import * as Comlink from 'comlink';
import type { TokenMessage, TokenPortApi } from '../../workers/shared/api';

/** Routes the token port's messages to the generation they belong to. */
export interface TokenRouter {
  subscribe(requestId: string, onTokens: (tokens: string[]) => void): () => void;
}

/** A router over `port` (the app's end of the worker's token port). */
export function routeTokenPort(port: Pick<MessagePort, 'addEventListener' | 'start'>): TokenRouter {
  const routes = new Map<string, (tokens: string[]) => void>();
  port.addEventListener('message', (event) => {
    const { requestId, tokens } = (event as MessageEvent<TokenMessage>).data;
    routes.get(requestId)?.(tokens);
  });
  port.start();
  return {
    subscribe(requestId, onTokens) {
      routes.set(requestId, onTokens);
      return () => void routes.delete(requestId);
    },
  };
}

/** The app's end of a worker's token port. */
export interface TokenChannel {
  router: TokenRouter;
  close(): void;
}

/** Hands the worker one end of a new channel as its token port and routes the other (no channel per reply). */
export function openTokenChannel(remote: Comlink.Remote<TokenPortApi>): TokenChannel {
  const channel = new MessageChannel();
  void remote.connectTokenPort(Comlink.transfer(channel.port2, [channel.port2]));
  return { router: routeTokenPort(channel.port1), close: () => channel.port1.close() };
}

/** Longest wait for tokens still in flight after the reply (a safety net: they come within a frame). */
export const TOKEN_ARRIVAL_TIMEOUT_MS = 5_000;

/** Hands batched tokens on one by one and tells when `expected` of them have arrived. */
function countArrivals(onToken: (token: string) => void) {
  let received = 0;
  let waiting: { expected: number; resolve: () => void } | undefined;
  return {
    onTokens(tokens: string[]) {
      for (const token of tokens) onToken(token);
      received += tokens.length;
      if (waiting && received >= waiting.expected) waiting.resolve();
    },
    all(expected: number): Promise<void> {
      if (received >= expected) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, TOKEN_ARRIVAL_TIMEOUT_MS);
        waiting = { expected, resolve: () => (clearTimeout(timer), resolve()) };
      });
    },
  };
}

/**
 * Runs one generation whose tokens come on the token port, handing them to `onToken`.
 * The port is not ordered with the reply, so the result (without `delivered`) resolves
 * only once every token the worker says it posted has been handed on.
 */
export async function receiveTokens<R extends { delivered: number }>(
  router: TokenRouter,
  requestId: string,
  onToken: (token: string) => void,
  generate: () => Promise<R>,
): Promise<Omit<R, 'delivered'>> {
  const arrival = countArrivals(onToken);
  const unsubscribe = router.subscribe(requestId, arrival.onTokens);
  try {
    const result = await generate();
    await arrival.all(result.delivered);
    const { delivered: _delivered, ...rest } = result;
    return rest;
  } finally {
    unsubscribe();
  }
}
