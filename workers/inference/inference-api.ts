/**
 * The inference worker's implementation of `InferenceApi`, kept apart from the
 * `Comlink.expose` call so tests drive it directly in Node. Loaded adapters live in the
 * engine pool (warm up to the runtime profile's limits); this module keeps which model
 * is active, the abort controllers of running generations keyed by request id, posts
 * every generation's tokens to the one token port, and applies the profile's context
 * cap and default reply length to every generation.
 */
import { releaseProxy } from 'comlink';
import type { GenerateResult, LoadProgress, ModelRef, ModelStats } from '../../core/agent/model';
import { AppError, isAppError } from '../../core/errors';
import { capContext } from '../../core/inference/context-cap';
import {
  DEFAULT_RUNTIME_PROFILE,
  parseRuntimeProfileName,
  runtimeProfile,
  type RuntimeProfileName,
} from '../../core/inference/runtime-profiles';
import type { Clock } from '../../core/lib/clock';
import type { AdapterBackend } from './adapters';
import type { InferenceApi, InferencePoolApi, PoolEvent, TokenPortApi, WorkerGenerateResult } from './api';
import { withBoundaryErrors } from './boundary-error';
import { createEnginePool } from './engine-pool';
import { createTokenPort, streamTokens } from '../shared/token-port';
import { DEFAULT_RELAY_TIMERS, type RelayTimers } from '../shared/token-relay';

const NO_STATS: ModelStats = { tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 };

/** Frees the MessagePort behind a Comlink callback proxy (load progress); plain functions are left alone. */
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

export interface InferenceApiOptions {
  timers?: RelayTimers;
  /** The profile until `setProfile` (default `balanced`). */
  profile?: RuntimeProfileName;
  /** `navigator.deviceMemory` (GiB), for the warm-engine memory budget. */
  deviceMemoryGb?: number;
  /** Wall clock for the pool's "last used" times. */
  clock?: Clock;
}

const ABORTED_WHILE_QUEUED: GenerateResult = { text: '', tokens: 0, ttftMs: 0, durationMs: 0, finish: 'aborted' };

/**
 * An `InferenceApi` over `backends` (the first that accepts a model loads it). `load`
 * makes a model the active one and keeps earlier ones warm in the pool; `unload`
 * unloads the active one. An active model the pool evicted loads again on its next use.
 */
export function createInferenceApi(
  backends: readonly AdapterBackend[],
  options: InferenceApiOptions = {},
): InferenceApi & InferencePoolApi & TokenPortApi {
  const timers = options.timers ?? DEFAULT_RELAY_TIMERS;
  const listeners: ((event: PoolEvent) => unknown)[] = [];
  const pool = createEnginePool({
    backends,
    profile: runtimeProfile(options.profile ?? DEFAULT_RUNTIME_PROFILE),
    deviceMemoryGb: options.deviceMemoryGb,
    clock: options.clock ?? { now: () => Date.now() },
    // Listener calls are Comlink proxies: a failed delivery must not break the pool.
    onEvent: (event) => listeners.forEach((listener) => void Promise.resolve(listener(event)).catch(() => undefined)),
  });
  let active: ModelRef | undefined;
  const running = new Map<string, AbortController>();
  const tokenPort = createTokenPort();

  const requireActive = (): ModelRef => {
    if (active === undefined) throw new AppError('model-not-loaded', 'load a model in the inference worker first');
    return active;
  };

  const unloadActive = async () => {
    const previous = active;
    active = undefined;
    if (previous) await pool.unload(previous);
  };

  const api: InferenceApi & InferencePoolApi & TokenPortApi = {
    list: async () => (await Promise.all(backends.map((backend) => backend.list()))).flat(),

    async load(model, onProgress) {
      const deliveries: Promise<unknown>[] = [];
      try {
        const report = onProgress && ((progress: LoadProgress) => deliver(deliveries, onProgress(progress)));
        const ref: ModelRef = model.url ? { id: model.id, url: model.url } : { id: model.id };
        const info = await pool.acquire(ref, report);
        active = ref;
        return info;
      } finally {
        await Promise.all(deliveries);
        release(onProgress);
      }
    },

    async generate(requestId, messages, params) {
      const relay = streamTokens(tokenPort, requestId, timers);
      const withCount = async (result: Promise<GenerateResult>): Promise<WorkerGenerateResult> => {
        const done = await result;
        relay.flush();
        return { ...done, delivered: relay.delivered() };
      };
      try {
        const target = params.model ?? requireActive();
        if (running.has(requestId)) throw new AppError('internal', `request id '${requestId}' is already generating`);
        const controller = new AbortController();
        running.set(requestId, controller);
        try {
          return await withCount(
            pool.use(
              target,
              (adapter, signal, backend) => {
                const profile = pool.profile();
                // The profile's context cap and reply length are for on-device models; a server keeps its own.
                const local = backend?.remote !== true;
                const kept = local ? capContext(messages, profile.contextChars).messages : messages;
                const maxTokens = params.maxTokens ?? (local ? profile.defaultMaxTokens : undefined);
                const generateParams = {
                  ...(maxTokens === undefined ? {} : { maxTokens }),
                  temperature: params.temperature,
                  ...(params.tools && params.tools.length > 0 ? { tools: params.tools } : {}),
                  signal,
                };
                return adapter.generate(kept, generateParams, relay.push);
              },
              { signal: controller.signal },
            ),
          );
        } catch (error) {
          // Aborted while it waited for a free slot: it never started, like an abort before the first token.
          if (controller.signal.aborted && isAppError(error) && error.code === 'model-aborted')
            return { ...ABORTED_WHILE_QUEUED, delivered: relay.delivered() };
          throw error;
        } finally {
          running.delete(requestId);
        }
      } finally {
        relay.flush();
      }
    },

    async abort(requestId) {
      running.get(requestId)?.abort();
    },

    embed: async (texts) => pool.use(requireActive(), (adapter) => adapter.embed(texts)),

    unload: unloadActive,

    stats: async () => {
      const adapter = active && pool.peek(active);
      return adapter ? adapter.stats() : { ...NO_STATS };
    },

    async setProfile(profile) {
      await pool.setProfile(runtimeProfile(parseRuntimeProfileName(profile)));
      return pool.state();
    },

    poolState: async () => pool.state(),

    unloadEngine: (key) => pool.unload(key),

    async watchPool(listener) {
      listeners.push(listener);
    },

    async connectTokenPort(port) {
      tokenPort.connect(port);
    },
  };
  return withBoundaryErrors(api);
}
