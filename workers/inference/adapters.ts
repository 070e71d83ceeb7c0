/**
 * The adapter registry: each backend (the probe, onnxruntime-web, OpenAI-compatible
 * HTTP; web-llm has its own worker) says which models it offers and makes a fresh
 * `ModelAdapter`. The worker api picks the backend by model id and owns one live adapter.
 */
import type { ModelAdapter, ModelInfo, ModelRef } from '../../core/agent/model';
import { createProbeModel, PROBE_MODEL_INFO, type Sleep } from '../../core/agent/probe-model';
import type { Clock } from '../../core/lib/clock';
import type { EngineSettings } from './engine-settings';

export interface AdapterBackend {
  /** e.g. `rules`, `onnx`, `web-llm`, `openai-http`. */
  readonly backend: string;
  /** The models this backend can load (may probe the device, e.g. WebGPU). */
  list(): Promise<ModelInfo[]>;
  /** True when this backend should load `model`; defaults to "its id is in `list()`". */
  accepts?(model: ModelRef): boolean;
  /** A fresh adapter loaded with the current profile's `settings`; the pool calls `load` on it. */
  create(settings?: EngineSettings): ModelAdapter;
  /**
   * The part of `settings` this backend's engines depend on (e.g. provider and threads);
   * a warm engine reloads when it changes. Absent: a profile switch never reloads them.
   */
  settingsKey?(settings: EngineSettings): string;
  /**
   * True for models that run elsewhere (an OpenAI-compatible server): the profile's
   * reply length and context cap, tuned for on-device models, do not apply to them.
   */
  readonly remote?: boolean;
}

/** The probe agent as a backend; `sleep`/`clock` come from the worker (timers) or a test. */
export function createProbeBackend(options: { sleep: Sleep; clock: Clock; tokenDelayMs?: number }): AdapterBackend {
  return {
    backend: PROBE_MODEL_INFO.backend,
    list: async () => [{ ...PROBE_MODEL_INFO }],
    accepts: (model) => model.id === PROBE_MODEL_INFO.id,
    create: () => createProbeModel(options),
  };
}

/** The first backend that accepts `model`, or undefined. */
export async function findBackend(
  backends: readonly AdapterBackend[],
  model: ModelRef,
): Promise<AdapterBackend | undefined> {
  for (const backend of backends) {
    const accepts = backend.accepts
      ? backend.accepts(model)
      : (await backend.list()).some((info) => info.id === model.id);
    if (accepts) return backend;
  }
  return undefined;
}
