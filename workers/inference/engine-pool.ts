/**
 * Warm engines (issue 5, item 3): loaded adapters kept by model (id + url) so that
 * switching between models, or N chats on one model, does not reload anything. Owns the
 * load/reload state machine of each engine (concurrent acquires share one load; a profile
 * that changes an engine's load parameters reloads it) and composes the per-engine
 * concurrency slots (slot-queue.ts) with the eviction policy (core/inference/eviction.ts).
 * Every eviction, reload and profile switch goes to `onEvent`.
 *
 * Choices: a reload waits until the engine's running generations finish; generations
 * asked for meanwhile queue and run on the reloaded engine. A reload unloads before it
 * loads again, so memory never holds both copies.
 */
import type { LoadProgress, ModelAdapter, ModelInfo, ModelRef } from '../../core/agent/model';
import { AppError, messageOf } from '../../core/errors';
import { chooseEvictions } from '../../core/inference/eviction';
import { memoryBudgetBytes } from '../../core/inference/runtime-profiles';
import type { AdapterBackend } from './adapters';
import { loadEngine, settingsKeyOf } from './engine-load';
import type { EnginePool, EnginePoolDeps, PoolEngineState, PoolEvent } from './pool-types';
import { createSlotQueue, type SlotQueue } from './slot-queue';

export type { EnginePool, EnginePoolDeps, PoolEngineState, PoolEvent, PoolState } from './pool-types';

interface Entry {
  key: string;
  model: ModelRef;
  backend?: AdapterBackend;
  adapter?: ModelAdapter;
  info?: ModelInfo;
  settingsKey: string;
  phase: 'loading' | 'ready' | 'reloading' | 'closing';
  /** The first load; every acquire waits on it. */
  loaded: Promise<void>;
  /** The current reload, if any. */
  reloading?: Promise<void>;
  slots: SlotQueue;
  bytes: number;
  lastUsed: number;
  /** Orders use when clock readings tie. */
  useSeq: number;
  stale: boolean;
}

/** The pool's key for a model: its id, plus its URL when it has one. */
export function engineKey(model: ModelRef): string {
  return model.url ? `${model.id}@${model.url}` : model.id;
}

const unloadedError = (entry: Entry) => new AppError('model-aborted', `${entry.model.id} was unloaded`);

export function createEnginePool(deps: EnginePoolDeps): EnginePool {
  const entries = new Map<string, Entry>();
  let profile = deps.profile;
  let seq = 0;
  const emit = (event: PoolEvent) => deps.onEvent?.(event);
  const budget = () => memoryBudgetBytes(profile, deps.deviceMemoryGb);

  const touch = (entry: Entry) => {
    entry.lastUsed = deps.clock.now();
    entry.useSeq = ++seq;
  };

  /** Creates and loads a fresh adapter for `entry` with the current profile's settings. */
  const loadAdapter = async (entry: Entry, onProgress?: (progress: LoadProgress) => void) => {
    const loaded = await loadEngine(deps.backends, entry.model, entry.backend, profile, onProgress);
    entry.backend = loaded.backend;
    entry.adapter = loaded.adapter;
    entry.info = loaded.info;
    entry.bytes = loaded.bytes;
    entry.settingsKey = loaded.settingsKey;
    // The profile may have changed while this loaded.
    entry.stale = settingsKeyOf(loaded.backend, profile) !== loaded.settingsKey;
  };

  /** Takes `entry` out of the pool for good: no slot is granted on it any more. */
  const close = (entry: Entry, error: unknown) => {
    // A newer entry may hold the key by now (loaded again while this one was unloading).
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    entry.phase = 'closing';
    entry.slots.close(error);
  };

  /** Starts queued work and due reloads; called whenever a slot frees or limits change. */
  const pump = (entry: Entry) => {
    if (entry.phase !== 'ready') return;
    if (entry.stale) {
      if (entry.slots.running === 0) void reload(entry);
      return;
    }
    entry.slots.pump();
  };

  const reload = (entry: Entry): Promise<void> => {
    entry.phase = 'reloading';
    const old = entry.adapter;
    entry.adapter = undefined;
    const target = profile.name;
    entry.reloading = (async () => {
      try {
        await old?.unload().catch(() => undefined);
        await loadAdapter(entry);
      } catch (error) {
        close(entry, error);
        emit({ type: 'reload-failed', key: entry.key, model: entry.model, profile: target, message: messageOf(error) });
        return;
      } finally {
        entry.reloading = undefined;
      }
      // Unloaded while it reloaded: `unload` closes it; nothing queued may start on it.
      if (entries.get(entry.key) !== entry) return;
      entry.phase = 'ready';
      const backend = entry.info?.backend ?? '';
      emit({ type: 'reloaded', key: entry.key, model: entry.model, bytes: entry.bytes, profile: target, backend });
      pump(entry);
      enforce();
    })();
    return entry.reloading;
  };

  const discard = async (entry: Entry) => {
    close(entry, unloadedError(entry));
    const adapter = entry.adapter;
    entry.adapter = undefined;
    await adapter?.unload().catch(() => undefined);
  };

  /** Evicts what the policy picks while the pool is over its engine cap or memory budget. */
  const enforce = () => {
    const candidates = [...entries.values()].map((entry) => ({
      key: entry.key,
      bytes: entry.bytes,
      lastUse: entry.useSeq,
      idle: entry.phase === 'ready' && entry.slots.running === 0 && entry.slots.waiting === 0,
    }));
    const limits = { maxEngines: profile.maxWarmEngines, budgetBytes: budget() };
    for (const { key, reason } of chooseEvictions(candidates, limits)) {
      const victim = entries.get(key)!;
      void discard(victim);
      emit({ type: 'evicted', key, model: victim.model, bytes: victim.bytes, reason });
    }
  };

  const createEntry = (model: ModelRef, onProgress: ((progress: LoadProgress) => void) | undefined): Entry => {
    const key = engineKey(model);
    const entry: Entry = {
      key,
      model: { ...model },
      settingsKey: '',
      phase: 'loading',
      loaded: Promise.resolve(),
      slots: createSlotQueue({
        name: model.id,
        limit: () => profile.maxConcurrentPerEngine,
        ready: () => entry.phase === 'ready' && !entry.stale,
      }),
      bytes: 0,
      lastUsed: deps.clock.now(),
      useSeq: ++seq,
      stale: false,
    };
    entry.loaded = loadAdapter(entry, onProgress).then(
      () => {
        if (entry.phase !== 'loading') return;
        entry.phase = 'ready';
        emit({ type: 'loaded', key, model: entry.model, bytes: entry.bytes });
      },
      (error: unknown) => {
        close(entry, error);
        throw error;
      },
    );
    entries.set(key, entry);
    return entry;
  };

  /**
   * The entry for `model`, loaded (sharing a load already under way) and marked used;
   * `claim` runs in the same turn, before any eviction could pick the entry.
   */
  const acquireEntry = async <R>(
    model: ModelRef,
    onProgress: ((progress: LoadProgress) => void) | undefined,
    claim: (entry: Entry) => R,
  ): Promise<R> => {
    const key = engineKey(model);
    for (;;) {
      const entry = entries.get(key) ?? createEntry(model, onProgress);
      await entry.loaded;
      // Unloaded while this call waited: load it again.
      if (entries.get(key) !== entry) continue;
      touch(entry);
      const claimed = claim(entry);
      pump(entry);
      enforce();
      return claimed;
    }
  };

  const pool: EnginePool = {
    async acquire(model, onProgress) {
      return acquireEntry(model, onProgress, (entry) => entry.info!);
    },

    async use(model, work, options = {}) {
      const { entry, slot } = await acquireEntry(model, options.onProgress, (claimed) => ({
        entry: claimed,
        slot: claimed.slots.take(options.signal),
      }));
      const controller = await slot;
      const forward = () => controller.abort();
      options.signal?.addEventListener('abort', forward);
      if (options.signal?.aborted) controller.abort();
      try {
        return await work(entry.adapter!, controller.signal, entry.backend);
      } finally {
        options.signal?.removeEventListener('abort', forward);
        entry.slots.release(controller);
        touch(entry);
        pump(entry);
        enforce();
      }
    },

    peek(model) {
      const entry = entries.get(engineKey(model));
      return entry?.phase === 'ready' ? entry.adapter : undefined;
    },

    async unload(model) {
      const key = typeof model === 'string' ? model : engineKey(model);
      const entry = entries.get(key);
      if (entry === undefined) return false;
      entries.delete(key);
      await entry.loaded.catch(() => undefined);
      await entry.reloading;
      close(entry, unloadedError(entry));
      entry.slots.abortRunning();
      await entry.slots.whenIdle();
      const bytes = entry.bytes;
      await discard(entry);
      emit({ type: 'unloaded', key, model: entry.model, bytes });
      return true;
    },

    async unloadAll() {
      await Promise.all([...entries.keys()].map((key) => pool.unload(key)));
    },

    async setProfile(next) {
      const previous = profile.name;
      profile = next;
      emit({ type: 'profile', profile: next.name, previous, budgetBytes: budget() });
      for (const entry of entries.values()) {
        const changed = entry.backend !== undefined && settingsKeyOf(entry.backend, profile) !== entry.settingsKey;
        if (entry.phase === 'ready' && changed) entry.stale = true;
      }
      // Evict first, so nothing reloads only to be evicted under the new limits.
      enforce();
      for (const entry of entries.values()) pump(entry);
      await Promise.all([...entries.values()].map((entry) => entry.reloading));
    },

    profile: () => profile,

    state() {
      const engines = [...entries.values()]
        .filter((entry) => entry.phase !== 'closing')
        .sort((a, b) => b.useSeq - a.useSeq)
        .map((entry): PoolEngineState => ({
          key: entry.key,
          id: entry.model.id,
          ...(entry.model.url ? { url: entry.model.url } : {}),
          label: entry.info?.label ?? entry.model.id,
          backend: entry.info?.backend ?? '',
          phase: entry.phase as PoolEngineState['phase'],
          bytes: entry.bytes,
          lastUsed: entry.lastUsed,
          busy: entry.slots.running,
          queued: entry.slots.waiting,
          stale: entry.stale,
        }));
      return {
        profile: profile.name,
        budgetBytes: budget(),
        usedBytes: engines.reduce((sum, engine) => sum + engine.bytes, 0),
        maxEngines: profile.maxWarmEngines,
        maxConcurrentPerEngine: profile.maxConcurrentPerEngine,
        engines,
      };
    },
  };
  return pool;
}
