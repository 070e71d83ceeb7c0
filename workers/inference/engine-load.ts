/**
 * Loads one engine for the pool: the backend that offers the model (found once per
 * engine), a fresh adapter made with the profile's load settings, loaded, and its memory
 * read. A failed load unloads what it made. Stateless: the pool keeps what it returns.
 */
import type { LoadProgress, ModelAdapter, ModelInfo, ModelRef } from '../../core/agent/model';
import { AppError } from '../../core/errors';
import type { RuntimeProfile } from '../../core/inference/runtime-profiles';
import { findBackend, type AdapterBackend } from './adapters';
import { engineSettingsOf } from './engine-settings';

export interface LoadedEngine {
  backend: AdapterBackend;
  adapter: ModelAdapter;
  info: ModelInfo;
  bytes: number;
  /** The backend's settings key for the profile it was loaded with (see `settingsKeyOf`). */
  settingsKey: string;
}

/** What `backend`'s engines depend on under `profile`; an engine reloads when it changes. */
export function settingsKeyOf(backend: AdapterBackend, profile: RuntimeProfile): string {
  return backend.settingsKey?.(engineSettingsOf(profile)) ?? '';
}

/** Loads `model` on `backend` (or the first of `backends` that offers it; `model-unknown` when none does). */
export async function loadEngine(
  backends: readonly AdapterBackend[],
  model: ModelRef,
  known: AdapterBackend | undefined,
  profile: RuntimeProfile,
  onProgress?: (progress: LoadProgress) => void,
): Promise<LoadedEngine> {
  const backend = known ?? (await findBackend(backends, model));
  if (backend === undefined) {
    const details = { model: model.id };
    throw new AppError('model-unknown', `no inference adapter offers the model '${model.id}'`, { details });
  }
  const adapter = backend.create(engineSettingsOf(profile));
  try {
    const info = await adapter.load(model, { onProgress });
    const bytes = (await adapter.stats()).memoryBytes;
    return { backend, adapter, info, bytes, settingsKey: settingsKeyOf(backend, profile) };
  } catch (error) {
    await adapter.unload().catch(() => undefined);
    throw error;
  }
}
