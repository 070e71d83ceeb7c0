/**
 * The chat model's state for the Chat view, the status bar and Settings: which models
 * the worker offers, which one is selected (remembered in local storage), load phase
 * and progress, the backend it runs on and why, and the last generation's stats. If
 * the chosen model cannot load, the model that was loaded before loads again, else the
 * fallback. Options carry what each model needs; `device` says which can run here.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { LoadProgress, ModelAdapter, ModelInfo, ModelRef, ModelStats } from '../../core/agent/model';
import { codeOf, messageOf, type ErrorCode } from '../../core/errors';
import type { ModelOption } from '../../core/inference/capabilities';
import type { DeviceCapabilities } from './capabilities';

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
  /** Every model the workers offer (empty until listed). */
  options: Accessor<readonly ModelOption[]>;
  /** Lists the options again (e.g. after the servers changed). */
  refreshOptions(): Promise<void>;
  /** True while a load that can be stopped (a web-llm download) is running. */
  cancelable: Accessor<boolean>;
  /** Stops the cancelable load; the previous model comes back. */
  cancelLoad(): Promise<void>;
  /** What this device can run, when capability detection is wired. */
  device: DeviceCapabilities | undefined;
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
  /** Lists the options; `activated` is true once Chat opened (listing may then start more workers). */
  list?: (context: { activated: boolean }) => Promise<ModelOption[]>;
  /** Stops a load in progress; `canCancel` says which loads it can stop. */
  cancelLoad?: () => Promise<void>;
  canCancel?: (id: string) => boolean;
  device?: DeviceCapabilities;
  /** Remembers the selection across reloads. */
  store?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Called after each load with what loaded (e.g. to journal `models.changed` / `runtime.health`). */
  onLoaded?: (info: ModelInfo, fellBack: string | undefined) => void;
  /** Defer the first load until `activate()` (the Chat view opens), so other views never pay for it. */
  lazy?: boolean;
}

export const MODEL_CHOICE_KEY = 'arw.chat.model';

export function createModelStatus(model: ModelAdapter, ref: ModelRef, options: ModelStatusOptions = {}): ModelStatus {
  const [phase, setPhase] = createSignal<ModelPhase>('loading');
  const [info, setInfo] = createSignal<ModelInfo>();
  const [error, setError] = createSignal<ErrorCode>();
  const [progress, setProgress] = createSignal<LoadProgress>();
  const [modelOptions, setOptions] = createSignal<readonly ModelOption[]>([]);
  const [loadingId, setLoadingId] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [stats, setStats] = createSignal<ModelRunStats>();
  const remembered = options.store?.getItem(MODEL_CHOICE_KEY) ?? undefined;
  const [selected, setSelected] = createSignal(remembered || ref.id);
  let queue: Promise<void> = Promise.resolve();

  const loadOne = (target: ModelRef) => model.load(target, { onProgress: (p) => setProgress(p) });

  const remember = (id: string) => {
    try {
      options.store?.setItem(MODEL_CHOICE_KEY, id);
    } catch {
      // Storage may be full or blocked; the choice still applies to this session.
    }
  };

  const load = async (id: string) => {
    const previous = info()?.id;
    setPhase('loading');
    setError(undefined);
    setNotice(undefined);
    setLoadingId(id);
    setProgress({ fraction: 0, text: 'Loading…' });
    try {
      const loaded = await loadOne({ ...ref, id });
      setInfo(loaded);
      setPhase('ready');
      options.onLoaded?.(loaded, undefined);
    } catch (cause) {
      setLoadingId(undefined);
      // The model that was loaded before comes back first; then the configured fallback.
      const candidates = [previous, options.fallback?.id].filter(
        (c, i, all): c is string => c !== undefined && c !== id && all.indexOf(c) === i,
      );
      const canceled = codeOf(cause) === 'webllm-load-canceled';
      for (const candidate of candidates) {
        try {
          const loaded = await loadOne(
            candidate === options.fallback?.id ? options.fallback : { ...ref, id: candidate },
          );
          setInfo(loaded);
          setNotice(
            canceled
              ? `Loading was canceled; using ${loaded.label}.`
              : `The selected model could not load (${messageOf(cause)}); using ${loaded.label} instead.`,
          );
          setPhase('ready');
          // Back to what the user had: that is the choice now (a fallback to the default is not).
          if (candidate === previous) {
            setSelected(candidate);
            remember(candidate);
          }
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
      setLoadingId(undefined);
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
  let listing = 0;
  const refreshOptions = async () => {
    const turn = (listing += 1);
    try {
      const next = (await options.list?.({ activated: started })) ?? [];
      // A slower, older listing must not overwrite a newer one.
      if (turn === listing) setOptions(next);
    } catch {
      if (turn === listing && modelOptions().length === 0) setOptions([]);
    }
  };
  const status: ModelStatus = {
    phase,
    info,
    error,
    ready: Promise.resolve(),
    progress,
    options: modelOptions,
    refreshOptions,
    cancelable: () => {
      const id = loadingId();
      return id !== undefined && (options.canCancel?.(id) ?? false);
    },
    async cancelLoad() {
      if (status.cancelable()) await options.cancelLoad?.();
    },
    device: options.device,
    selected,
    select(id) {
      started = true;
      setSelected(id);
      remember(id);
      queue = queue.then(() => load(id));
      status.ready = queue;
      return queue;
    },
    notice,
    stats,
    activate() {
      if (!started) {
        started = true;
        // After the first load, list again with everything (e.g. web-llm's models) without delaying it.
        queue = load(selected()).then(() => void refreshOptions());
        status.ready = queue;
      }
      return status.ready;
    },
    refreshStats,
  };
  void refreshOptions();
  if (!options.lazy) void status.activate();
  return status;
}
