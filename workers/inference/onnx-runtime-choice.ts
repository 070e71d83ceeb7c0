/**
 * Picks onnxruntime-web's execution provider for this device and says why: WebGPU when
 * `navigator.gpu.requestAdapter()` gives an adapter, otherwise WASM (threads only when
 * the page is cross-origin isolated). The reason is shown to the user as is.
 */
import { messageOf } from '../../core/errors';

export interface RuntimeChoice {
  provider: 'webgpu' | 'wasm';
  /** WASM threads (1 when not cross-origin isolated). */
  threads: number;
  /** Short label, e.g. `WebGPU (fallback adapter)` or `WASM, 2 threads`. */
  label: string;
  /** Why this provider, e.g. `this browser has no WebGPU here` (requestAdapter() returned null). */
  reason: string;
}

/** The parts of the worker's global scope the choice depends on (injected by tests). */
export interface RuntimeEnvironment {
  gpu?: {
    requestAdapter(): Promise<{
      info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean };
      isFallbackAdapter?: boolean;
    } | null>;
  };
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  /** False forces WASM (e.g. after a WebGPU device loss). */
  allowWebGpu?: boolean;
  /** The runtime profile's cap on WASM threads (default 4) and its name, for the reason. */
  maxThreads?: number;
  /** False: WASM even when a WebGPU adapter exists (the runtime profile's preference). */
  preferWebGpu?: boolean;
  profile?: string;
  /** Threads the WASM runtime started with in this worker; they cannot change until it restarts. */
  wasmThreadsStarted?: number;
}

/** The WASM choice with its reason (`whyNotGpu` explains why WebGPU is not used). */
export function wasmChoice(env: RuntimeEnvironment, whyNotGpu: string): RuntimeChoice {
  const wanted = env.crossOriginIsolated ? Math.max(1, Math.min(env.maxThreads ?? 4, env.hardwareConcurrency)) : 1;
  const threads = env.wasmThreadsStarted ?? wanted;
  const plural = `${threads} thread${threads === 1 ? '' : 's'}`;
  const fixed =
    threads !== wanted
      ? ` (fixed when the WASM runtime started; ${env.profile ?? 'this'} profile asks for ${wanted})`
      : '';
  const isolation = env.crossOriginIsolated
    ? `cross-origin isolated, ${plural}${fixed}`
    : 'not cross-origin isolated, so 1 thread';
  return {
    provider: 'wasm',
    threads,
    label: `WASM, ${threads} thread${threads === 1 ? '' : 's'}`,
    reason: `${whyNotGpu}; ${isolation}`,
  };
}

/** Chooses the provider; never throws (a failing `requestAdapter` means WASM). */
export async function chooseRuntime(env: RuntimeEnvironment): Promise<RuntimeChoice> {
  if (env.allowWebGpu === false) return wasmChoice(env, 'WebGPU was turned off after a failure');
  if (env.preferWebGpu === false) return wasmChoice(env, `the ${env.profile ?? 'runtime'} profile keeps the GPU idle`);
  if (!env.gpu) return wasmChoice(env, 'no WebGPU in this browser (navigator.gpu is missing)');
  let adapter: Awaited<ReturnType<NonNullable<RuntimeEnvironment['gpu']>['requestAdapter']>>;
  try {
    adapter = await env.gpu.requestAdapter();
  } catch (error) {
    return wasmChoice(env, `no WebGPU adapter (requestAdapter() failed: ${messageOf(error)})`);
  }
  if (!adapter) return wasmChoice(env, 'this browser has no WebGPU here');
  const name = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
  // Newer Chromium moved the flag into GPUAdapterInfo.
  const fallback = (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) === true;
  return {
    provider: 'webgpu',
    threads: 1,
    label: fallback ? 'WebGPU (software fallback adapter)' : 'WebGPU',
    reason: `a WebGPU adapter is available (${name}${fallback ? ', software fallback' : ''})`,
  };
}

/** True for errors that mean the WebGPU device is gone or out of memory (recoverable on WASM). */
export function isGpuFailure(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /device (was )?lost|devicelost|out of memory|outofmemory|\boom\b|gpudevice|webgpu/i.test(text);
}
