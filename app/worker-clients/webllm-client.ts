/**
 * The app side of the web-llm worker. The worker (and with it the ~6 MB web-llm chunk)
 * is created on the first call only, i.e. when the user picks a web-llm model. Failures
 * come back as AppErrors and are reported through `onHealth` so the app journals a
 * `runtime.health` event for component `webllm`. Tokens come on the worker's token port
 * (token-router.ts), as the inference worker's do. Only types come from workers/.
 */
import * as Comlink from 'comlink';
import type { GenerateParams, GenerateResult, LoadProgress, ModelInfo, ModelStats } from '../../core/agent/model';
import type { AppError } from '../../core/errors';
import type {
  ChatMessage,
  WebLlmApi,
  WebLlmCapability,
  WebLlmCatalogEntry,
  WebLlmLoadOptions,
  WebLlmModelRef,
} from '../../workers/webllm/api';
import { toAppError } from './boundary';
import { openTokenChannel, receiveTokens, type TokenChannel } from './token-router';

export const WEBLLM_COMPONENT = 'webllm';

export type WebLlmHealth = {
  component: typeof WEBLLM_COMPONENT;
  state: 'ok' | 'degraded' | 'down';
  detail: string;
};

export interface WebLlmClient {
  /** True once the worker exists (the first call starts it). */
  started(): boolean;
  capability(): Promise<WebLlmCapability>;
  list(limit?: number): Promise<string[]>;
  /** The prebuilt models with their memory need and cache state (starts the worker). */
  catalog(limit?: number): Promise<WebLlmCatalogEntry[]>;
  load(
    model: WebLlmModelRef,
    options?: WebLlmLoadOptions & { onProgress?: (progress: LoadProgress) => void },
  ): Promise<ModelInfo>;
  cancelLoad(): Promise<void>;
  generate(
    messages: readonly ChatMessage[],
    params: GenerateParams,
    onToken: (token: string) => void,
  ): Promise<GenerateResult>;
  unload(): Promise<void>;
  stats(): Promise<ModelStats>;
  terminate(): void;
}

/** `down` when the device cannot run web-llm at all, `degraded` when a model failed to load. */
function healthOf(error: AppError): WebLlmHealth {
  return {
    component: WEBLLM_COMPONENT,
    state: error.code === 'webllm-unavailable' ? 'down' : 'degraded',
    detail: `${error.code}: ${error.message}`,
  };
}

/** What the client needs of a worker: a Comlink endpoint it can terminate. */
export type WebLlmWorkerLike = Comlink.Endpoint & Pick<Worker, 'terminate'>;

export function createWebLlmClient(options: {
  onHealth: (health: WebLlmHealth) => void;
  /** Starts the worker; injected by tests, a module worker by default. */
  startWorker?: () => WebLlmWorkerLike;
}): WebLlmClient {
  const startWorker =
    options.startWorker ??
    (() => new Worker(new URL('../../workers/webllm/webllm.worker.ts', import.meta.url), { type: 'module' }));
  let live: { worker: WebLlmWorkerLike; remote: Comlink.Remote<WebLlmApi>; tokens: TokenChannel } | undefined;
  let nextRequest = 0;
  const report = (health: WebLlmHealth) => {
    try {
      options.onHealth(health);
    } catch {
      // Reporting must never turn into another failure.
    }
  };
  const start = () => {
    if (!live) {
      const worker = startWorker();
      const remote = Comlink.wrap<WebLlmApi>(worker);
      // One port for every generation's tokens, connected before any generate can be sent.
      live = { worker, remote, tokens: openTokenChannel(remote) };
    }
    return live;
  };
  const call = async <T>(run: (r: Comlink.Remote<WebLlmApi>) => Promise<T>, reportFailure = true): Promise<T> => {
    try {
      return await run(start().remote);
    } catch (raw) {
      const error = toAppError(raw, 'web-llm worker');
      if (reportFailure) report(healthOf(error));
      throw error;
    }
  };

  return {
    started: () => live !== undefined,
    capability: () => call((r) => r.capability(), false),
    list: (limit) => call((r) => r.list(limit)),
    catalog: (limit) => call((r) => r.catalog(limit)),
    async load(model, loadOptions = {}) {
      const { onProgress, ...rest } = loadOptions;
      const info = await call((r) => r.load({ ...model }, onProgress ? Comlink.proxy(onProgress) : undefined, rest));
      report({ component: WEBLLM_COMPONENT, state: 'ok', detail: `loaded ${info.id}` });
      return info;
    },
    cancelLoad: () => call((r) => r.cancelLoad(), false),
    async generate(messages, params, onToken) {
      const requestId = `webllm-${(nextRequest += 1)}`;
      const { remote: r, tokens } = start();
      if (params.signal?.aborted) return { text: '', tokens: 0, ttftMs: 0, durationMs: 0, finish: 'aborted' };
      params.signal?.addEventListener('abort', () => void r.abort(requestId).catch(() => undefined));
      const plain = messages.map(({ role, content }) => ({ role, content }));
      const cloneable = { maxTokens: params.maxTokens, temperature: params.temperature };
      return call((rr) =>
        receiveTokens(tokens.router, requestId, onToken, () => rr.generate(requestId, plain, cloneable)),
      );
    },
    unload: () => call((r) => r.unload(), false),
    stats: () => call((r) => r.stats(), false),
    terminate() {
      live?.remote[Comlink.releaseProxy]();
      live?.worker.terminate();
      live?.tokens.close();
      live = undefined;
    },
  };
}
