/**
 * The app side of the inference worker: starts it, and turns its Comlink remote into
 * a core `ModelAdapter` (an AbortSignal becomes `abort(requestId)`, tokens come on the
 * worker's token port routed by request id, boundary rejections become AppErrors again).
 * Only types come from workers/.
 */
import * as Comlink from 'comlink';
import type { ChatMessage, GenerateResult, ModelAdapter, ModelInfo } from '../../core/agent/model';
import type { ToolSpec } from '../../core/tools/types';
import type { InferenceApi, InferenceWorkerApi } from '../../workers/inference/api';
import { acrossBoundary } from './boundary';
import { openTokenChannel, receiveTokens, type TokenRouter } from './token-router';

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
      return receiveTokens(options.tokens, requestId, onToken, () =>
        acrossBoundary(() => remote.generate(requestId, plain, cloneable)),
      );
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
  const tokens = openTokenChannel(remote);
  return {
    client: createInferenceClient(remote, { tokens: tokens.router }),
    remote,
    terminate() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
      tokens.close();
    },
  };
}
