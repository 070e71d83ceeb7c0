/**
 * What this device can run, as Solid state: gathers the facts capability detection
 * needs (WebGPU adapter, secure context, online, memory, isolation, servers added),
 * keeps them current (online/offline events, the servers list) and asks the pure
 * rules in core/inference/capabilities.ts. The browser probes are injected.
 */
import { createSignal, type Accessor } from 'solid-js';
import {
  backendAvailability,
  deviceReport,
  modelAvailability,
  type Availability,
  type BackendReport,
  type DeviceFacts,
  type ModelOption,
  type WebGpuFact,
} from '../../core/inference/capabilities';

export interface CapabilityProbes {
  secureContext: boolean;
  crossOriginIsolated: boolean;
  online(): boolean;
  deviceMemoryGb?: number;
  /** Asks for a WebGPU adapter once. */
  webgpu(): Promise<WebGpuFact>;
  /** How long `webgpu()` may take (default WEBGPU_PROBE_TIMEOUT_MS). */
  webgpuTimeoutMs?: number;
  /** Where `online` / `offline` events arrive (the window). */
  events?: Pick<EventTarget, 'addEventListener'>;
}

export interface DeviceCapabilities {
  facts: Accessor<DeviceFacts>;
  /** One line per backend: available or not, and why. */
  report: Accessor<BackendReport[]>;
  availabilityOf(option: Pick<ModelOption, 'id' | 'needs'>): Availability;
  backend(kind: BackendReport['kind']): Availability;
  /** Resolves once WebGPU has been probed (starting the probe if nothing asked yet). */
  readonly ready: Promise<void>;
}

/** How long the WebGPU probe may take before the device counts as having no adapter. */
export const WEBGPU_PROBE_TIMEOUT_MS = 5_000;

export function createDeviceCapabilities(
  probes: CapabilityProbes,
  servers: Accessor<number> = () => 0,
): DeviceCapabilities {
  const [webgpu, setWebGpu] = createSignal<WebGpuFact>({ state: 'unknown' });
  const [online, setOnline] = createSignal(probes.online());
  probes.events?.addEventListener('online', () => setOnline(probes.online()));
  probes.events?.addEventListener('offline', () => setOnline(probes.online()));
  // Asked on first use (Chat or Settings reading the facts), not at app start: other views never wake the GPU.
  // Some GPU drivers never answer requestAdapter(): after a while that counts as no adapter, so nothing waits forever.
  let probing: Promise<void> | undefined;
  const probe = (): Promise<void> =>
    (probing ??= (async () => {
      const limit = probes.webgpuTimeoutMs ?? WEBGPU_PROBE_TIMEOUT_MS;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<WebGpuFact>((resolve) => {
        timer = setTimeout(
          () => resolve({ state: 'no-adapter', detail: `requestAdapter() did not answer within ${limit / 1000} s` }),
          limit,
        );
      });
      try {
        setWebGpu(await Promise.race([probes.webgpu(), timeout]));
      } catch (error) {
        setWebGpu({ state: 'no-adapter', detail: `an error: ${String(error)}` });
      } finally {
        clearTimeout(timer);
      }
    })());
  const facts = (): DeviceFacts => (
    void probe(),
    {
      secureContext: probes.secureContext,
      crossOriginIsolated: probes.crossOriginIsolated,
      online: online(),
      webgpu: webgpu(),
      ...(probes.deviceMemoryGb === undefined ? {} : { deviceMemoryGb: probes.deviceMemoryGb }),
      servers: servers(),
    }
  );
  return {
    facts,
    report: () => deviceReport(facts()),
    availabilityOf: (option) => modelAvailability(option.id, option.needs ?? {}, facts()),
    backend: (kind) => backendAvailability(kind, facts()),
    get ready() {
      return probe();
    },
  };
}

interface GpuAdapterLike {
  info?: { isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** The real probes of a browser window (WebGPU asked in the page, like the workers do). */
export function browserCapabilityProbes(win: Window): CapabilityProbes {
  const nav = win.navigator as Navigator & {
    gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
    deviceMemory?: number;
  };
  return {
    secureContext: win.isSecureContext,
    crossOriginIsolated: win.crossOriginIsolated,
    online: () => nav.onLine,
    ...(typeof nav.deviceMemory === 'number' ? { deviceMemoryGb: nav.deviceMemory } : {}),
    async webgpu() {
      if (!nav.gpu) return { state: 'missing' };
      const adapter = await nav.gpu.requestAdapter();
      if (!adapter) return { state: 'no-adapter' };
      return { state: 'adapter', fallback: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) };
    },
    events: win,
  };
}
