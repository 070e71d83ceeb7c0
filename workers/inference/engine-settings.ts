/**
 * What a runtime profile changes in how an engine is loaded (as opposed to how it is
 * used): handed to `AdapterBackend.create`, and compared through the backend's
 * `settingsKey` to decide which warm engines must reload when the profile changes.
 */
import type { RuntimeProfile, RuntimeProfileName } from '../../core/inference/runtime-profiles';

export interface EngineSettings {
  profile: RuntimeProfileName;
  /** Upper bound on onnxruntime-web's WASM threads. */
  wasmThreads: number;
  /** False keeps onnxruntime-web on WASM even when WebGPU is available. */
  preferWebGpu: boolean;
}

/** The load-time part of `profile`. */
export function engineSettingsOf(profile: RuntimeProfile): EngineSettings {
  return { profile: profile.name, wasmThreads: profile.wasmThreads, preferWebGpu: profile.preferWebGpu };
}
