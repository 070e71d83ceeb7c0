import { createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createDeviceCapabilities, type CapabilityProbes } from './capabilities';

function probes(patch: Partial<CapabilityProbes> = {}) {
  const events = new EventTarget();
  let online = true;
  const base: CapabilityProbes = {
    secureContext: true,
    crossOriginIsolated: true,
    online: () => online,
    deviceMemoryGb: 4,
    webgpu: async () => ({ state: 'no-adapter' }),
    events,
    ...patch,
  };
  return { base, goOffline: () => ((online = false), events.dispatchEvent(new Event('offline'))) };
}

describe('device capabilities state', () => {
  it('asks for a WebGPU adapter only once something reads the facts, and only once', async () => {
    let asked = 0;
    const caps = createDeviceCapabilities(probes({ webgpu: async () => ((asked += 1), { state: 'adapter' }) }).base);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toBe(0);
    caps.report();
    await caps.ready;
    caps.facts();
    expect(asked).toBe(1);
    expect(caps.facts().webgpu).toEqual({ state: 'adapter' });
  });

  it('web-llm is "checking" until WebGPU is probed, then says why it is unavailable', async () => {
    const caps = createDeviceCapabilities(probes().base);
    expect(caps.backend('web-llm').reason).toBe('unavailable: checking for WebGPU…');
    await caps.ready;
    expect(caps.backend('web-llm').reason).toBe('unavailable: this browser has no WebGPU here');
    expect(caps.availabilityOf({ id: 'webllm:x' }).available).toBe(false);
  });

  it('follows online/offline events and the number of servers', async () => {
    const p = probes({ webgpu: async () => ({ state: 'adapter' }) });
    const [servers, setServers] = createSignal(0);
    const caps = createDeviceCapabilities(p.base, servers);
    await caps.ready;
    expect(caps.backend('openai-http').reason).toMatch(/no server added yet/);
    setServers(2);
    expect(caps.backend('openai-http')).toEqual({ available: true, reason: '2 servers added' });
    expect(caps.availabilityOf({ id: 'webllm:big', needs: { memoryMB: 6000 } }).reason).toMatch(
      /not enough memory \(this device reports 4 GB/,
    );
    p.goOffline();
    expect(caps.backend('openai-http').reason).toMatch(/^unavailable: offline/);
    expect(caps.availabilityOf({ id: 'webllm:small', needs: { memoryMB: 900, cached: false } }).reason).toBe(
      'unavailable: offline, and this model is not downloaded yet',
    );
    expect(caps.report().map((r) => r.available)).toEqual([true, true, false, true]);
  });

  it('a WebGPU probe that throws counts as no adapter, with the error', async () => {
    const caps = createDeviceCapabilities(
      probes({ webgpu: () => Promise.reject(new Error('GPU process crashed')) }).base,
    );
    await caps.ready;
    expect(caps.backend('web-llm').reason).toContain('GPU process crashed');
  });

  it('a WebGPU probe that never answers counts as no adapter after the timeout, so nothing waits on it forever', async () => {
    const caps = createDeviceCapabilities(
      probes({ webgpu: () => new Promise(() => undefined), webgpuTimeoutMs: 30 }).base,
    );
    await caps.ready;
    expect(caps.facts().webgpu).toMatchObject({ state: 'no-adapter' });
    expect(caps.backend('web-llm').reason).toContain('did not answer');
  });
});
