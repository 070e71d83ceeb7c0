/**
 * The inference worker's implementation of `InferenceApi`, kept apart from the
 * `Comlink.expose` call so tests drive it directly in Node. It owns the one loaded
 * adapter and the abort controllers of running generations, keyed by request id.
 */
import { releaseProxy } from 'comlink';
import type { LoadProgress, ModelAdapter, ModelInfo, ModelStats } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import { findBackend, type AdapterBackend } from './adapters';
import type { InferenceApi } from './api';
import { withBoundaryErrors } from './boundary-error';
import { createTokenRelay, type RelayTimers } from './token-relay';

const NO_STATS: ModelStats = { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 };

/** Frees the MessagePort behind a Comlink callback proxy; plain functions are left alone. */
function release(callback: unknown): void {
  const free = (callback as { [releaseProxy]?: unknown } | undefined)?.[releaseProxy];
  if (typeof free === 'function') free();
}

/**
 * Callbacks from the app are Comlink proxies: each call returns a promise that settles
 * once the app ran it, on the callback's own port. Collecting them lets a method wait
 * until every callback landed, so none arrives after the method's reply.
 */
function deliver(deliveries: Promise<unknown>[], delivered: unknown): void {
  if (typeof (delivered as { then?: unknown } | null | undefined)?.then === 'function') {
    deliveries.push(Promise.resolve(delivered).catch(() => undefined));
  }
}

const DEFAULT_TIMERS: RelayTimers = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** An `InferenceApi` over `backends` (the first that accepts a model loads it). */
export function createInferenceApi(backends: readonly AdapterBackend[], options: { timers?: RelayTimers } = {}): InferenceApi {
  const timers = options.timers ?? DEFAULT_TIMERS;
  let active: { adapter: ModelAdapter; info: ModelInfo } | undefined;
  const running = new Map<string, AbortController>();

  const requireActive = (): ModelAdapter => {
    if (active === undefined) throw new AppError('model-not-loaded', 'load a model in the inference worker first');
    return active.adapter;
  };

  const unloadActive = async () => {
    for (const controller of running.values()) controller.abort();
    const previous = active;
    active = undefined;
    await previous?.adapter.unload();
  };

  const api: InferenceApi = {
    list: async () => (await Promise.all(backends.map((backend) => backend.list()))).flat(),

    async load(model, onProgress) {
      const deliveries: Promise<unknown>[] = [];
      try {
        const backend = await findBackend(backends, model);
        if (backend === undefined) {
          throw new AppError('model-unknown', `no inference adapter offers the model '${model.id}'`, { details: { model: model.id } });
        }
        await unloadActive();
        const adapter = backend.create();
        const report = onProgress && ((progress: LoadProgress) => deliver(deliveries, onProgress(progress)));
        const info = await adapter.load(model, { onProgress: report });
        active = { adapter, info };
        return info;
      } finally {
        await Promise.all(deliveries);
        release(onProgress);
      }
    },

    async generate(requestId, messages, params, onTokens) {
      const deliveries: Promise<unknown>[] = [];
      const relay = createTokenRelay((tokens) => deliver(deliveries, onTokens(tokens)), timers);
      try {
        const adapter = requireActive();
        if (running.has(requestId)) throw new AppError('internal', `request id '${requestId}' is already generating`);
        const controller = new AbortController();
        running.set(requestId, controller);
        try {
          return await adapter.generate(messages, { ...params, signal: controller.signal }, relay.push);
        } finally {
          running.delete(requestId);
        }
      } finally {
        relay.flush();
        await Promise.all(deliveries);
        release(onTokens);
      }
    },

    async abort(requestId) {
      running.get(requestId)?.abort();
    },

    embed: async (texts) => requireActive().embed(texts),

    unload: unloadActive,

    stats: async () => (active === undefined ? { ...NO_STATS } : active.adapter.stats()),
  };
  return withBoundaryErrors(api);
}
