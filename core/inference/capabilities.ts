/**
 * Capability detection as a pure decision: given facts about the device (injected by
 * the app: WebGPU adapter, secure context, online, memory, isolation), says for each
 * backend and each model whether it can run here and, when not, why in plain words.
 * No DOM types and no probing here: the app gathers the facts and re-asks on change.
 */
import type { ModelInfo } from '../agent/model';
import { BACKEND_KINDS, BACKEND_LABELS, backendKindOf, type BackendKind } from './model-ids';

/** What the app learned about WebGPU (`unknown` while `requestAdapter()` is pending). */
export type WebGpuFact =
  | { state: 'unknown' }
  | { state: 'missing' }
  | { state: 'no-adapter'; detail?: string }
  | { state: 'adapter'; fallback?: boolean };

export interface DeviceFacts {
  /** `isSecureContext`: https or localhost. WebGPU and OPFS exist only there. */
  secureContext: boolean;
  crossOriginIsolated: boolean;
  /** `navigator.onLine`. */
  online: boolean;
  webgpu: WebGpuFact;
  /** `navigator.deviceMemory` in GB (the browser rounds and caps it), when exposed. */
  deviceMemoryGb?: number;
  /** How many OpenAI-compatible servers the user added. */
  servers: number;
}

/** What one model needs, where known (web-llm publishes its VRAM need). */
export interface ModelNeeds {
  memoryMB?: number;
  /** True when its files are already in this browser's cache; undefined when unknown. */
  cached?: boolean;
}

/** A model as the picker offers it: its info plus what it needs, where known. */
export interface ModelOption extends ModelInfo {
  needs?: ModelNeeds;
}

export interface Availability {
  available: boolean;
  /** Human words: why it cannot run, or how it will run. */
  reason: string;
}

export interface BackendReport extends Availability {
  kind: BackendKind;
  label: string;
}

const gb = (mb: number) => `${(mb / 1024).toFixed(1)} GB`;

/** Why there is no WebGPU, or undefined when an adapter exists. */
export function noWebGpuReason(facts: DeviceFacts): string | undefined {
  if (!facts.secureContext) return 'no WebGPU: not a secure context (WebGPU and OPFS need https or localhost)';
  switch (facts.webgpu.state) {
    case 'missing':
      return 'no WebGPU in this browser (navigator.gpu is missing)';
    case 'no-adapter':
      // requestAdapter() gave null: the words people read say what it means, the detail (a timeout, an error) stays.
      return facts.webgpu.detail
        ? `this browser has no WebGPU here (${facts.webgpu.detail})`
        : 'this browser has no WebGPU here';
    case 'unknown':
      return 'checking for WebGPU…';
    case 'adapter':
      return undefined;
  }
}

const unavailable = (reason: string): Availability => ({ available: false, reason: `unavailable: ${reason}` });

/** Whether a backend can run on this device at all, and why (not). */
export function backendAvailability(kind: BackendKind, facts: DeviceFacts): Availability {
  const noGpu = noWebGpuReason(facts);
  switch (kind) {
    case 'probe':
      return { available: true, reason: 'always: rule-based replies, no model to load' };
    case 'onnx': {
      const engine = noGpu
        ? `WASM only (${noGpu})`
        : `WebGPU${facts.webgpu.state === 'adapter' && facts.webgpu.fallback ? ' (software fallback adapter)' : ''}, or WASM`;
      const threads = facts.crossOriginIsolated
        ? 'multi-threaded (cross-origin isolated)'
        : 'single-threaded (not cross-origin isolated)';
      const storage = facts.secureContext
        ? ''
        : '; downloaded models cannot be stored (no OPFS outside a secure context)';
      return { available: true, reason: `${engine}; ${threads}${storage}` };
    }
    case 'web-llm':
      if (noGpu) return unavailable(noGpu);
      return {
        available: true,
        reason: facts.online ? 'a WebGPU adapter is available' : 'offline: only models already downloaded can load',
      };
    case 'openai-http':
      if (!facts.online) return unavailable('offline (servers on your network need a network connection)');
      if (facts.servers === 0) return unavailable('no server added yet (Settings → Model servers)');
      return { available: true, reason: `${facts.servers} server${facts.servers === 1 ? '' : 's'} added` };
  }
}

/** Whether one model can run here: its backend's verdict, then memory, then offline and not cached. */
export function modelAvailability(id: string, needs: ModelNeeds, facts: DeviceFacts): Availability {
  const kind = backendKindOf(id);
  // A listed server model implies a server exists; only the backend's other reasons apply.
  const backend = backendAvailability(
    kind,
    kind === 'openai-http' ? { ...facts, servers: Math.max(facts.servers, 1) } : facts,
  );
  if (!backend.available) return backend;
  if (
    needs.memoryMB !== undefined &&
    facts.deviceMemoryGb !== undefined &&
    needs.memoryMB > facts.deviceMemoryGb * 1024
  ) {
    return unavailable(
      `not enough memory (this device reports ${facts.deviceMemoryGb} GB; the model needs about ${gb(needs.memoryMB)})`,
    );
  }
  if (kind === 'web-llm' && !facts.online && needs.cached !== true)
    return unavailable('offline, and this model is not downloaded yet');
  return backend;
}

/** "What this device can run": one line per backend, in picker order. */
export function deviceReport(facts: DeviceFacts): BackendReport[] {
  return BACKEND_KINDS.map((kind) => ({ kind, label: BACKEND_LABELS[kind], ...backendAvailability(kind, facts) }));
}
