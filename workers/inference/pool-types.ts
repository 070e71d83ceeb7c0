/**
 * The engine pool's contract: what it reports (events and state, which cross the worker
 * boundary through api.ts), what it is built from, and its interface. Types only.
 */
import type { LoadProgress, ModelAdapter, ModelInfo, ModelRef } from '../../core/agent/model';
import type { EvictionReason } from '../../core/inference/eviction';
import type { RuntimeProfile, RuntimeProfileName } from '../../core/inference/runtime-profiles';
import type { Clock } from '../../core/lib/clock';
import type { AdapterBackend } from './adapters';
import type { AbortSignalLike } from './slot-queue';

export type { EvictionReason };

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
export type PoolSignal = AbortSignalLike;

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

/** Work run on an engine: `signal` aborts when the caller aborts or the engine is unloaded. */
export type PoolWork<T> = (
  adapter: ModelAdapter,
  signal: AbortSignal,
  backend: AdapterBackend | undefined,
) => Promise<T>;

export interface EnginePool {
  /** Loads `model` unless it is warm, marks it used, and returns what the adapter reported. */
  acquire(model: ModelRef, onProgress?: (progress: LoadProgress) => void): Promise<ModelInfo>;
  /**
   * Runs `work` on the model's engine inside one concurrency slot (queued FIFO when all
   * are taken). `signal` in `work` aborts when the caller aborts or the engine is unloaded.
   */
  use<T>(model: ModelRef, work: PoolWork<T>, options?: UseOptions): Promise<T>;
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
