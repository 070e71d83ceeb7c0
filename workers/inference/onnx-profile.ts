/**
 * What a runtime profile changes for onnxruntime-web engines: the WASM thread cap and
 * whether WebGPU is used when present. Both apply when a session is created, so an
 * engine reloads when either changes (`onnxSettingsKey`).
 */
import type { EngineSettings } from './engine-settings';
import type { RuntimeEnvironment } from './onnx-runtime-choice';

/** The key the pool compares: provider preference and thread cap. */
export function onnxSettingsKey(settings: EngineSettings): string {
  return `${settings.preferWebGpu ? 'webgpu' : 'wasm'}/${settings.wasmThreads}`;
}

/** `environment` with the profile's preference and cap (unchanged without settings). */
export function profiledEnvironment(
  environment: () => RuntimeEnvironment,
  settings: EngineSettings | undefined,
): () => RuntimeEnvironment {
  if (settings === undefined) return environment;
  return () => ({
    ...environment(),
    maxThreads: settings.wasmThreads,
    preferWebGpu: settings.preferWebGpu,
    profile: settings.profile,
  });
}
