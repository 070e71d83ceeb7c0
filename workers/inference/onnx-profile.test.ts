/**
 * Runtime profiles reach onnxruntime-web: the provider choice follows the profile's
 * WebGPU preference and thread cap (and says when threads are fixed since the WASM
 * runtime started), and a profile switch reloads the shipped tiny model in the pool,
 * which then reports the new provider and why. Node runs every session on WASM.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../core/inference/random';
import type { PoolEvent } from './api';
import { createInferenceApi } from './inference-api';
import { createOnnxBackend } from './onnx-backend';
import { onnxSettingsKey, profiledEnvironment } from './onnx-profile';
import { chooseRuntime, type RuntimeChoice, type RuntimeEnvironment } from './onnx-runtime-choice';
import { ortSessionFactory } from './onnx-session';

const MODELS = join(import.meta.dirname, '../../public/models');
const diskFetch = async (url: string) => new Response(readFileSync(join(MODELS, url.replace('/models/', ''))));
const fakeGpu: RuntimeEnvironment['gpu'] = {
  requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' }, isFallbackAdapter: true }),
};
const isolated8: RuntimeEnvironment = { gpu: fakeGpu, crossOriginIsolated: true, hardwareConcurrency: 8 };
const settings = (profile: 'performance' | 'balanced' | 'power-saver', wasmThreads: number, preferWebGpu: boolean) => ({
  profile,
  wasmThreads,
  preferWebGpu,
});

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe('runtime profiles and the onnx provider choice', () => {
  it('power-saver keeps the GPU idle and runs WASM on one thread; the others keep WebGPU', async () => {
    const saver = await chooseRuntime(profiledEnvironment(() => isolated8, settings('power-saver', 1, false))());
    expect(saver).toMatchObject({ provider: 'wasm', threads: 1, label: 'WASM, 1 thread' });
    expect(saver.reason).toBe('the power-saver profile keeps the GPU idle; cross-origin isolated, 1 thread');
    expect((await chooseRuntime(profiledEnvironment(() => isolated8, settings('balanced', 4, true))())).provider).toBe(
      'webgpu',
    );
  });

  it('the thread cap follows the profile, and threads fixed at the runtime start are reported as fixed', async () => {
    const noGpu = { crossOriginIsolated: true, hardwareConcurrency: 8 };
    expect((await chooseRuntime({ ...noGpu, maxThreads: 8 })).threads).toBe(8);
    expect((await chooseRuntime({ ...noGpu, maxThreads: 4 })).threads).toBe(4);
    expect((await chooseRuntime(noGpu)).threads).toBe(4);
    const fixed = await chooseRuntime({ ...noGpu, maxThreads: 1, profile: 'power-saver', wasmThreadsStarted: 4 });
    expect(fixed.threads).toBe(4);
    expect(fixed.reason).toContain('4 threads (fixed when the WASM runtime started; power-saver profile asks for 1)');
  });

  it('the settings key changes with provider preference or thread cap only', () => {
    expect(onnxSettingsKey(settings('balanced', 4, true))).toBe(onnxSettingsKey(settings('performance', 4, true)));
    expect(onnxSettingsKey(settings('balanced', 4, true))).not.toBe(onnxSettingsKey(settings('performance', 8, true)));
    expect(onnxSettingsKey(settings('balanced', 1, true))).not.toBe(onnxSettingsKey(settings('balanced', 1, false)));
  });

  it('the factory remembers the threads the WASM runtime started with', async () => {
    const create = ortSessionFactory(ort);
    expect(create.startedThreads()).toBeUndefined();
    const bytes = readFileSync(join(MODELS, 'arw-tiny-char.onnx'));
    const choice: RuntimeChoice = { provider: 'wasm', threads: 1, label: 'WASM, 1 thread', reason: 'test' };
    const session = await create(bytes, choice);
    await create(bytes, { ...choice, threads: 3 }).then((s) => s.release());
    expect(create.startedThreads()).toBe(1);
    await session.release();
  });

  it('switching to power-saver reloads the warm tiny model onto WASM and says why', async () => {
    const choices: RuntimeChoice[] = [];
    const base = ortSessionFactory(ort);
    const api = createInferenceApi([
      createOnnxBackend({
        Tensor: ort.Tensor,
        // Node has only WASM: record the choice, run every session on WASM.
        createSession: (bytes, choice) => {
          choices.push(choice);
          return base(bytes, { ...choice, provider: 'wasm', threads: 1 });
        },
        fetch: diskFetch,
        baseUrl: '/models/',
        environment: () => ({ gpu: fakeGpu, crossOriginIsolated: false, hardwareConcurrency: 2 }),
        clock: { now: () => performance.now() },
        random: createRandom(7),
        yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
      }),
    ]);
    const events: PoolEvent[] = [];
    await api.watchPool((event) => void events.push(event));
    const info = await api.load({ id: 'arw-tiny-char' });
    expect(info.backend).toMatch(/WebGPU/);
    const state = await api.setProfile('power-saver');
    expect(choices.map((c) => c.provider)).toEqual(['webgpu', 'wasm']);
    expect(events.map((e) => e.type)).toEqual(['loaded', 'profile', 'reloaded']);
    expect(events.at(-1)).toMatchObject({
      key: 'arw-tiny-char',
      profile: 'power-saver',
      backend: expect.stringContaining('WASM, 1 thread — the power-saver profile keeps the GPU idle'),
    });
    expect(state.engines).toMatchObject([{ id: 'arw-tiny-char', phase: 'ready', bytes: 453_021 }]);
    const stats = (await api.stats()) as unknown as { backend: string; reason: string };
    expect(stats.reason).toContain('power-saver profile keeps the GPU idle');
    const result = await api.generate('r1', [{ role: 'user', content: 'Does it still answer?' }], {});
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.tokens).toBeLessThanOrEqual(24);
  });
});
