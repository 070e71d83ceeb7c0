/**
 * Warm engines (issue 5, item 3): loaded adapters kept by model (id + url) so that
 * switching between models, or N chats on one model, does not reload anything. Owns
 * loading (concurrent acquires share one load), the per-engine concurrency limit with a
 * FIFO queue (abortable while waiting), least-recently-used eviction under the runtime
 * profile's memory budget and engine cap, and reloads when a profile changes an
 * engine's load parameters. Every eviction, reload and profile switch goes to `onEvent`.
 *
 * Choices: an engine that is generating or has queued work is never evicted, and the
 * most recently used engine is always kept (even alone over budget: the budget limits
 * what else stays warm). A reload waits until the engine's running generations finish;
 * generations asked for meanwhile queue and run on the reloaded engine. A reload unloads
 * before it loads again, so memory never holds both copies.
 */
import type { LoadProgress, ModelAdapter, ModelInfo, ModelRef } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import { memoryBudgetBytes, type RuntimeProfile, type RuntimeProfileName } from '../../core/inference/runtime-profiles';
import type { Clock } from '../../core/lib/clock';
import { findBackend, type AdapterBackend } from './adapters';
import { engineSettingsOf } from './engine-settings';

export type EvictionReason = 'memory-budget' | 'engine-limit';

/** What the pool did, for the app to journal. */
export type PoolEvent =
  | { type: 'loaded'; key: string; model: ModelRef; bytes: number }
  | { type: 'evicted'; key: string; model: ModelRef; bytes: number; reason: EvictionReason }
  | { type: 'unloaded'; key: string; model: ModelRef; bytes: number }
  | { type: 'reloaded'; key: string; model: ModelRef; bytes: number; profile: RuntimeProfileName; backend: string }
  | { type: 'reload-failed'; key: string; model: ModelRef; profile: RuntimeProfileName; message: string }
  | { type: 'profile'; profile: RuntimeProfileName; previous: RuntimeProfileName; budgetBytes: number };

export interface PoolEngineState {
  key: string;
  id: string;
  url?: string;
  label: string;
  /** The backend and provider it runs on, as its adapter reported at load. */
  backend: string;
  phase: 'loading' | 'ready' | 'reloading';
  bytes: number;
  /** Clock time of the last acquire or finished generation. */
  lastUsed: number;
  busy: number;
  queued: number;
  /** True while it waits to reload for a new profile. */
  stale: boolean;
}

export interface PoolState {
  profile: RuntimeProfileName;
  budgetBytes: number;
  usedBytes: number;
  maxEngines: number;
  maxConcurrentPerEngine: number;
  /** Most recently used first. */
  engines: PoolEngineState[];
}

/** A signal the pool can listen to (a real AbortSignal in the worker). */
export interface PoolSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface EnginePoolDeps {
  backends: readonly AdapterBackend[];
  profile: RuntimeProfile;
  /** `navigator.deviceMemory` (GiB) when the browser tells. */
  deviceMemoryGb?: number;
  clock: Clock;
  onEvent?: (event: PoolEvent) => void;
}

export interface UseOptions {
  /** Aborts the generation, or takes it out of the queue while it waits. */
  signal?: PoolSignal;
  /** Load progress, when this call is the one that loads the model. */
  onProgress?: (progress: LoadProgress) => void;
}

export interface EnginePool {
  /** Loads `model` unless it is warm, marks it used, and returns what the adapter reported. */
  acquire(model: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<ModelInfo>;
  /**
   * Runs `work` on the model's engine inside one concurrency slot (queued FIFO when all
   * are taken). `signal` in `work` aborts when the caller aborts or the engine is unloaded.
   */
  use<T>(model: ModelRef, work: (adapter: ModelAdapter, signal: AbortSignal, backend: AdapterBackend | undefined) => Promise<T>, options?: UseOptions): Promise<T>;
  /** The warm, ready adapter for `model`, without loading or marking it used. */
  peek(model: ModelRef): ModelAdapter | undefined;
  /** Unloads one engine: queued work is rejected, running work aborted first. False if not warm. */
  unload(model: ModelRef | string): Promise<boolean>;
  unloadAll(): Promise<void>;
  /** Applies `profile`'s limits; resolves when idle engines have reloaded (busy ones reload later). */
  setProfile(profile: RuntimeProfile): Promise<void>;
  profile(): RuntimeProfile;
  state(): PoolState;
}

interface Waiter {
  grant(): void;
  fail(error: unknown): void;
}

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
  running: Set<AbortController>;
  queue: Waiter[];
  idle: (() => void)[];
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

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createEnginePool(deps: EnginePoolDeps): EnginePool {
  const entries = new Map<string, Entry>();
  let profile = deps.profile;
  let seq = 0;
  const emit = (event: PoolEvent) => deps.onEvent?.(event);
  const budget = () => memoryBudgetBytes(profile, deps.deviceMemoryGb);
  const settingsKeyOf = (backend: AdapterBackend) => backend.settingsKey?.(engineSettingsOf(profile)) ?? '';

  const touch = (entry: Entry) => {
    entry.lastUsed = deps.clock.now();
    entry.useSeq = ++seq;
  };

  /** Creates and loads a fresh adapter for `entry` with the current profile's settings. */
  const loadAdapter = async (entry: Entry, onProgress?: (progress: LoadProgress) => void) => {
    const backend = entry.backend ?? (await findBackend(deps.backends, entry.model));
    if (backend === undefined) {
      throw new AppError('model-unknown', `no inference adapter offers the model '${entry.model.id}'`, { details: { model: entry.model.id } });
    }
    entry.backend = backend;
    const settingsKey = settingsKeyOf(backend);
    const adapter = backend.create(engineSettingsOf(profile));
    try {
      entry.info = await adapter.load(entry.model, { onProgress });
      entry.bytes = (await adapter.stats()).memoryBytes;
    } catch (error) {
      await adapter.unload().catch(() => undefined);
      throw error;
    }
    entry.adapter = adapter;
    entry.settingsKey = settingsKey;
    // The profile may have changed while this loaded.
    entry.stale = settingsKeyOf(backend) !== settingsKey;
  };

  const rejectQueue = (entry: Entry, error: unknown) => {
    for (const waiter of entry.queue.splice(0)) waiter.fail(error);
  };

  const whenIdle = (entry: Entry) =>
    entry.running.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => entry.idle.push(resolve));

  /** Starts queued work and due reloads; called whenever a slot frees or limits change. */
  const pump = (entry: Entry) => {
    if (entry.phase !== 'ready') return;
    if (entry.stale) {
      if (entry.running.size === 0) void reload(entry);
      return;
    }
    while (entry.running.size < profile.maxConcurrentPerEngine && entry.queue.length > 0) entry.queue.shift()!.grant();
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
        if (entries.get(entry.key) === entry) entries.delete(entry.key);
        entry.phase = 'closing';
        rejectQueue(entry, error);
        emit({ type: 'reload-failed', key: entry.key, model: entry.model, profile: target, message: messageOf(error) });
        return;
      } finally {
        entry.reloading = undefined;
      }
      // Unloaded while it reloaded: `unload` closes it; nothing queued may start on it.
      if (entries.get(entry.key) !== entry) return;
      entry.phase = 'ready';
      emit({ type: 'reloaded', key: entry.key, model: entry.model, bytes: entry.bytes, profile: target, backend: entry.info?.backend ?? '' });
      pump(entry);
      enforce();
    })();
    return entry.reloading;
  };

  const discard = async (entry: Entry) => {
    // A newer entry may hold the key by now (loaded again while this one was unloading).
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    entry.phase = 'closing';
    const adapter = entry.adapter;
    entry.adapter = undefined;
    await adapter?.unload().catch(() => undefined);
  };

  /** Evicts least-recently-used idle engines while the pool is over its cap or budget. */
  const enforce = () => {
    for (;;) {
      const all = [...entries.values()];
      const used = all.reduce((sum, e) => sum + e.bytes, 0);
      const reason: EvictionReason | undefined = all.length > profile.maxWarmEngines ? 'engine-limit' : used > budget() ? 'memory-budget' : undefined;
      if (reason === undefined) return;
      const newest = all.reduce((a, b) => (b.useSeq > a.useSeq ? b : a));
      const victim = all
        .filter((e) => e !== newest && e.phase === 'ready' && e.running.size === 0 && e.queue.length === 0)
        .sort((a, b) => a.useSeq - b.useSeq)[0];
      if (victim === undefined) return;
      const bytes = victim.bytes;
      void discard(victim);
      emit({ type: 'evicted', key: victim.key, model: victim.model, bytes, reason });
    }
  };

  /**
   * The entry for `model`, loaded (sharing a load already under way) and marked used;
   * `claim` runs in the same turn, before any eviction could pick the entry.
   */
  const acquireEntry = async <R>(model: ModelRef, onProgress: ((progress: LoadProgress) => void) | undefined, claim: (entry: Entry) => R): Promise<R> => {
    const key = engineKey(model);
    for (;;) {
      let entry = entries.get(key);
      if (entry === undefined) {
        const fresh: Entry = {
          key,
          model: { ...model },
          settingsKey: '',
          phase: 'loading',
          loaded: Promise.resolve(),
          running: new Set(),
          queue: [],
          idle: [],
          bytes: 0,
          lastUsed: deps.clock.now(),
          useSeq: ++seq,
          stale: false,
        };
        fresh.loaded = loadAdapter(fresh, onProgress).then(
          () => {
            if (fresh.phase !== 'loading') return;
            fresh.phase = 'ready';
            emit({ type: 'loaded', key, model: fresh.model, bytes: fresh.bytes });
          },
          (error: unknown) => {
            if (entries.get(key) === fresh) entries.delete(key);
            fresh.phase = 'closing';
            throw error;
          },
        );
        entries.set(key, fresh);
        entry = fresh;
      }
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

  /** Resolves with a slot's controller once `entry` has a free slot (FIFO). */
  const takeSlot = (entry: Entry, signal?: PoolSignal): Promise<AbortController> =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(new AppError('model-aborted', 'stopped before it started'));
        return;
      }
      if (entry.phase === 'closing') {
        reject(new AppError('model-aborted', `${entry.model.id} was unloaded`));
        return;
      }
      let onAbort: (() => void) | undefined;
      const waiter: Waiter = {
        grant() {
          if (onAbort) signal?.removeEventListener('abort', onAbort);
          const controller = new AbortController();
          entry.running.add(controller);
          resolve(controller);
        },
        fail(error) {
          if (onAbort) signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const free = entry.phase === 'ready' && !entry.stale && entry.queue.length === 0 && entry.running.size < profile.maxConcurrentPerEngine;
      if (free) {
        waiter.grant();
        return;
      }
      onAbort = () => {
        const index = entry.queue.indexOf(waiter);
        if (index >= 0) entry.queue.splice(index, 1);
        reject(new AppError('model-aborted', `stopped while waiting for a free slot on ${entry.model.id}`));
      };
      signal?.addEventListener('abort', onAbort);
      entry.queue.push(waiter);
    });

  const releaseSlot = (entry: Entry, controller: AbortController) => {
    entry.running.delete(controller);
    touch(entry);
    if (entry.running.size === 0) for (const resolve of entry.idle.splice(0)) resolve();
    pump(entry);
    enforce();
  };

  const pool: EnginePool = {
    async acquire(model, onProgress) {
      return acquireEntry(model, onProgress, (entry) => entry.info!);
    },

    async use(model, work, options = {}) {
      const { entry, slot } = await acquireEntry(model, options.onProgress, (claimed) => ({ entry: claimed, slot: takeSlot(claimed, options.signal) }));
      const controller = await slot;
      const forward = () => controller.abort();
      options.signal?.addEventListener('abort', forward);
      if (options.signal?.aborted) controller.abort();
      try {
        return await work(entry.adapter!, controller.signal, entry.backend);
      } finally {
        options.signal?.removeEventListener('abort', forward);
        releaseSlot(entry, controller);
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
      entry.phase = 'closing';
      rejectQueue(entry, new AppError('model-aborted', `${entry.model.id} was unloaded`));
      for (const controller of entry.running) controller.abort();
      await whenIdle(entry);
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
        if (entry.phase === 'ready' && entry.backend && settingsKeyOf(entry.backend) !== entry.settingsKey) entry.stale = true;
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
          busy: entry.running.size,
          queued: entry.queue.length,
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
