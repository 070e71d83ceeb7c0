/**
 * The chat model's state for the Chat view, the status bar and Settings: which models
 * the worker offers, which one is selected (remembered in local storage), load phase
 * and progress, the backend it runs on and why, and the last generation's stats. If
 * the chosen model cannot load and a fallback is given, the fallback loads instead.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { LoadProgress, ModelAdapter, ModelInfo, ModelRef, ModelStats } from '../../core/agent/model';
import type { ErrorCode } from '../../core/errors';
import { codeOf } from './journal-health';

export type ModelPhase = 'loading' | 'ready' | 'failed';

/** Stats as the onnx adapter reports them (backend and reason are optional extras). */
export type ModelRunStats = ModelStats & { backend?: string; reason?: string };

export interface ModelStatus {
  phase: Accessor<ModelPhase>;
  info: Accessor<ModelInfo | undefined>;
  error: Accessor<ErrorCode | undefined>;
  /** Resolves when the current load ends (either way). */
  ready: Promise<void>;
  progress: Accessor<LoadProgress | undefined>;
  /** Every model the worker offers (empty until listed). */
  options: Accessor<readonly ModelInfo[]>;
  /** The id the user chose (or the default). */
  selected: Accessor<string>;
  /** Loads `id` and remembers the choice. */
  select(id: string): Promise<void>;
  /** Why the loaded model is not the chosen one (a failed load that fell back). */
  notice: Accessor<string | undefined>;
  stats: Accessor<ModelRunStats | undefined>;
  /** Starts the first load if it is deferred (`lazy`); later calls do nothing. */
  activate(): Promise<void>;
  refreshStats(): Promise<ModelRunStats | undefined>;
}

export interface ModelStatusOptions {
  /** Loaded instead when `ref` fails (e.g. the probe when the tiny model is not cached offline). */
  fallback?: ModelRef;
  list?: () => Promise<ModelInfo[]>;
  /** Remembers the selection across reloads. */
  store?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Called after each load with what loaded (e.g. to journal `models.changed` / `runtime.health`). */
  onLoaded?: (info: ModelInfo, fellBack: string | undefined) => void;
  /** Defer the first load until `activate()` (the Chat view opens), so other views never pay for it. */
  lazy?: boolean;
}

export const MODEL_CHOICE_KEY = 'arw.chat.model';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createModelStatus(model: ModelAdapter, ref: ModelRef, options: ModelStatusOptions = {}): ModelStatus {
  const [phase, setPhase] = createSignal<ModelPhase>('loading');
  const [info, setInfo] = createSignal<ModelInfo>();
  const [error, setError] = createSignal<ErrorCode>();
  const [progress, setProgress] = createSignal<LoadProgress>();
  const [modelOptions, setOptions] = createSignal<readonly ModelInfo[]>([]);
  const [notice, setNotice] = createSignal<string>();
  const [stats, setStats] = createSignal<ModelRunStats>();
  const remembered = options.store?.getItem(MODEL_CHOICE_KEY) ?? undefined;
  const [selected, setSelected] = createSignal(remembered || ref.id);
  let queue: Promise<void> = Promise.resolve();

  const loadOne = (target: ModelRef) => model.load(target, { onProgress: (p) => setProgress(p) });

  const load = async (id: string) => {
    setPhase('loading');
    setError(undefined);
    setNotice(undefined);
    setProgress({ fraction: 0, text: 'Loading…' });
    try {
      const loaded = await loadOne({ ...ref, id });
      setInfo(loaded);
      setPhase('ready');
      options.onLoaded?.(loaded, undefined);
    } catch (cause) {
      const fallback = options.fallback;
      if (fallback && fallback.id !== id) {
        try {
          const loaded = await loadOne(fallback);
          setInfo(loaded);
          setNotice(`The selected model could not load (${messageOf(cause)}); using ${loaded.label} instead.`);
          setPhase('ready');
          options.onLoaded?.(loaded, messageOf(cause));
          return;
        } catch {
          // Report the original failure, not the fallback's.
        }
      }
      setInfo(undefined);
      setError(codeOf(cause) === 'internal' ? 'model-failed' : codeOf(cause));
      setPhase('failed');
    } finally {
      setProgress(undefined);
      void refreshStats();
    }
  };

  const refreshStats = async () => {
    try {
      const next = (await model.stats()) as ModelRunStats;
      setStats(next);
      return next;
    } catch {
      return undefined;
    }
  };

  let started = false;
  const status: ModelStatus = {
    phase,
    info,
    error,
    ready: Promise.resolve(),
    progress,
    options: modelOptions,
    selected,
    select(id) {
      started = true;
      setSelected(id);
      try {
        options.store?.setItem(MODEL_CHOICE_KEY, id);
      } catch {
        // Storage may be full or blocked; the choice still applies to this session.
      }
      queue = queue.then(() => load(id));
      status.ready = queue;
      return queue;
    },
    notice,
    stats,
    activate() {
      if (!started) {
        started = true;
        queue = load(selected());
        status.ready = queue;
      }
      return status.ready;
    },
    refreshStats,
  };
  options.list?.().then(setOptions, () => setOptions([]));
  if (!options.lazy) void status.activate();
  return status;
}
