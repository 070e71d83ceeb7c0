/**
 * The app side of the inference worker: starts it, and turns its Comlink remote into
 * a core `ModelAdapter` (an AbortSignal becomes `abort(requestId)`, tokens come on the
 * worker's token port routed by request id, boundary rejections become AppErrors again).
 * Only types come from workers/.
 */
import * as Comlink from 'comlink';
import type { ChatMessage, GenerateResult, ModelAdapter, ModelInfo } from '../../core/agent/model';
import type { ToolSpec } from '../../core/tools/types';
import type { InferenceApi, InferenceWorkerApi, TokenMessage } from '../../workers/inference/api';
import { acrossBoundary } from './boundary';

/** A `ModelAdapter` that also lists what the worker's backends offer. */
export interface InferenceClient extends ModelAdapter {
  list(): Promise<ModelInfo[]>;
}

function requestIdSource(): () => string {
  const prefix =
    typeof globalThis.crypto?.randomUUID === 'function'
      ? globalThis.crypto.randomUUID()
      : Math.random().toString(36).slice(2);
  let next = 0;
  return () => `${prefix}-${(next += 1)}`;
}

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

function plainMessage(message: ChatMessage): ChatMessage {
  const plain: ChatMessage = { role: message.role, content: message.content };
  if (message.tool_calls)
    plain.tool_calls = message.tool_calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
  if (message.tool_call_id !== undefined) plain.tool_call_id = message.tool_call_id;
  return plain;
}

const plainToolSpec = (spec: ToolSpec): ToolSpec => JSON.parse(JSON.stringify(spec)) as ToolSpec;

const ABORTED_BEFORE_START: GenerateResult = { text: '', tokens: 0, ttftMs: 0, durationMs: 0, finish: 'aborted' };

/** A `ModelAdapter` over the worker at `remote`; `newRequestId` must be unique per worker. */
export function createInferenceClient(
  remote: Comlink.Remote<InferenceApi>,
  options: { newRequestId?: () => string; tokens: TokenRouter },
): InferenceClient {
  const newRequestId = options.newRequestId ?? requestIdSource();
  return {
    list: () => acrossBoundary(() => remote.list()),
    load: (model, loadOptions) =>
      acrossBoundary(() =>
        remote.load({ ...model }, loadOptions?.onProgress ? Comlink.proxy(loadOptions.onProgress) : undefined),
      ),
    async generate(messages, params, onToken) {
      const { signal } = params;
      if (signal?.aborted) return { ...ABORTED_BEFORE_START };
      const requestId = newRequestId();
      // A late abort (after the reply) is ignored by the worker, so no listener cleanup is needed.
      signal?.addEventListener('abort', () => void remote.abort(requestId).catch(() => undefined));
      // Plain copies: what crosses postMessage must clone (tool call ids and calls included).
      const plain = messages.map(plainMessage);
      const cloneable = {
        maxTokens: params.maxTokens,
        temperature: params.temperature,
        ...(params.tools && params.tools.length > 0 ? { tools: params.tools.map(plainToolSpec) } : {}),
      };
      // Tokens arrive in batches on the token port, which is not ordered with the reply:
      // resolve only once every token the worker says it sent has been handed on.
      const arrival = countArrivals(onToken);
      const unsubscribe = options.tokens.subscribe(requestId, arrival.onTokens);
      try {
        const result = await acrossBoundary(() => remote.generate(requestId, plain, cloneable));
        await arrival.all(result.delivered);
        const { delivered: _delivered, ...rest } = result;
        return rest;
      } finally {
        unsubscribe();
      }
    },
    embed: (texts) => acrossBoundary(() => remote.embed([...texts])),
    unload: () => acrossBoundary(() => remote.unload()),
    stats: () => acrossBoundary(() => remote.stats()),
  };
}

/** Starts the inference worker (a module worker bundled by Vite) and connects a client to it. */
export function startInferenceWorker(): {
  client: InferenceClient;
  remote: Comlink.Remote<InferenceWorkerApi>;
  terminate(): void;
} {
  const worker = new Worker(new URL('../../workers/inference/inference.worker.ts', import.meta.url), {
    type: 'module',
  });
  const remote = Comlink.wrap<InferenceWorkerApi>(worker);
  // One port for every generation's tokens (no channel, transfer or acknowledgement per reply).
  const channel = new MessageChannel();
  void remote.connectTokenPort(Comlink.transfer(channel.port2, [channel.port2]));
  return {
    client: createInferenceClient(remote, { tokens: routeTokenPort(channel.port1) }),
    remote,
    terminate() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
      channel.port1.close();
    },
  };
}
