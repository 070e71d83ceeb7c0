/**
 * The onnxruntime-web adapter in Node (WASM backend), through the inference worker api:
 * loads the shipped tiny model with progress, streams word tokens, aborts by request id,
 * embeds, reports the backend and why, and moves to WASM when WebGPU fails mid-run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, LoadProgress } from '../../core/agent/model';
import { createRandom } from '../../core/inference/random';
import { createProbeBackend } from './adapters';
import { createInferenceApi } from './inference-api';
import { createOnnxBackend } from './onnx-backend';
import type { OnnxCharDeps } from './onnx-char-adapter';
import type { RuntimeEnvironment } from './onnx-runtime-choice';
import { ortSessionFactory, type CreateSession } from './onnx-session';

const MODELS = join(import.meta.dirname, '../../public/models');
const user = (content: string): ChatMessage[] => [{ role: 'user', content }];
const diskFetch = async (url: string) => {
  try {
    return new Response(readFileSync(join(MODELS, url.replace('/models/', ''))));
  } catch {
    return new Response('not found', { status: 404 });
  }
};
const noGpu: RuntimeEnvironment = { crossOriginIsolated: false, hardwareConcurrency: 2 };
const fakeGpu: RuntimeEnvironment['gpu'] = {
  requestAdapter: async () => ({ info: { vendor: 'google', architecture: 'swiftshader' }, isFallbackAdapter: true }),
};

function deps(overrides: Partial<OnnxCharDeps> = {}): OnnxCharDeps {
  return {
    Tensor: ort.Tensor,
    // Node has only the WASM provider: a "webgpu" choice also runs on WASM here.
    createSession: (bytes, choice) => ortSessionFactory(ort)(bytes, { ...choice, provider: 'wasm', threads: 1 }),
    fetch: diskFetch,
    baseUrl: '/models/',
    environment: () => noGpu,
    clock: { now: () => performance.now() },
    random: createRandom(42),
    yieldNow: () => new Promise<void>((resolve) => setImmediate(resolve)),
    ...overrides,
  };
}

const apiWith = (d: OnnxCharDeps) =>
  createInferenceApi([
    createOnnxBackend(d),
    createProbeBackend({ sleep: async () => undefined, clock: { now: () => Date.now() } }),
  ]);

beforeAll(() => {
  ort.env.wasm.numThreads = 1;
});

describe('the onnx adapter (arw-tiny-char)', () => {
  it('lists the tiny model beside the probe, loads it with progress and says why it runs on WASM', async () => {
    const api = apiWith(deps());
    expect((await api.list()).map((m) => m.id)).toEqual(['arw-tiny-char', 'probe']);
    const progress: LoadProgress[] = [];
    const info = await api.load({ id: 'arw-tiny-char' }, (p) => void progress.push(p));
    expect(info.label).toMatch(/tiny demo model.*not a real assistant/i);
    expect(info.backend).toMatch(/WASM, 1 thread — no WebGPU in this browser.*not cross-origin isolated/);
    expect(progress.at(0)?.fraction).toBe(0);
    expect(progress.at(-1)?.fraction).toBe(1);
    expect(progress.some((p) => p.text.startsWith('Downloading'))).toBe(true);
    const stats = (await api.stats()) as unknown as { backend: string; reason: string; memoryBytes: number };
    expect(stats.backend).toContain('WASM');
    expect(stats.memoryBytes).toBeGreaterThan(100_000);
  });

  it('streams word tokens, stops at maxTokens and records timing', async () => {
    const api = apiWith(deps());
    await api.load({ id: 'arw-tiny-char' });
    const tokens: string[] = [];
    await api.connectTokenPort({ postMessage: ({ tokens: batch }) => void tokens.push(...batch) });
    const result = await api.generate('r1', user('What does the agent record?'), { maxTokens: 12, temperature: 0.5 });
    expect(result.tokens).toBe(tokens.length);
    expect(tokens.join('')).toBe(result.text);
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.tokens).toBeLessThanOrEqual(12);
    expect(result.text).toMatch(/[a-z]{2,} [a-z]{2,}/i);
    expect(result.ttftMs).toBeGreaterThan(0);
    expect((await api.stats()).tokensPerSecond).toBeGreaterThan(0);
  });

  it('abort(requestId) ends a generation early', async () => {
    const api = apiWith(deps());
    await api.load({ id: 'arw-tiny-char' });
    const tokens: string[] = [];
    await api.connectTokenPort({
      postMessage: ({ tokens: batch }) => {
        tokens.push(...batch);
        // The first token comes alone at once: stop right there.
        void api.abort('r-stop');
      },
    });
    const result = await api.generate('r-stop', user('hello'), { maxTokens: 200 });
    expect(result.finish).toBe('aborted');
    expect(result.tokens).toBeLessThanOrEqual(2);
    expect(tokens.join('')).toBe(result.text);
  });

  it('embeds texts as unit vectors of the embedding width; similar texts are closer', async () => {
    const api = apiWith(deps());
    await api.load({ id: 'arw-tiny-char' });
    const [a, b, c] = await api.embed(['the agent records events', 'the agent records an event', 'zzzz qqqq']);
    expect(a).toHaveLength(16);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i]!, 0);
    expect(dot(a!, a!)).toBeCloseTo(1, 5);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
  });

  it('a WebGPU failure while generating is reported and the session continues on WASM', async () => {
    const health: string[] = [];
    const base = ortSessionFactory(ort);
    const createSession: CreateSession = async (bytes, choice) => {
      const session = await base(bytes, { ...choice, provider: 'wasm', threads: 1 });
      if (choice.provider !== 'webgpu') return session;
      return { run: async () => Promise.reject(new Error('GPUDevice was lost')), release: () => session.release() };
    };
    const api = apiWith(
      deps({
        createSession,
        environment: () => ({ ...noGpu, gpu: fakeGpu }),
        onHealth: (r) => void health.push(`${r.state}:${r.reason}`),
      }),
    );
    const info = await api.load({ id: 'arw-tiny-char' });
    expect(info.backend).toMatch(/WebGPU \(software fallback adapter\)/);
    const result = await api.generate('r1', user('hi'), { maxTokens: 5 });
    expect(result.tokens).toBeGreaterThan(0);
    expect(health).toEqual([
      expect.stringMatching(/^degraded:WebGPU failed while generating \(GPUDevice was lost\), switched to WASM/),
    ]);
    expect(((await api.stats()) as unknown as { backend: string }).backend).toContain('WASM');
  });

  it('a missing model file fails with model-failed, not a hang', async () => {
    const api = apiWith(deps({ baseUrl: '/nowhere/' }));
    const error = await api.load({ id: 'arw-tiny-char' }).catch((e: Error) => e);
    expect(JSON.parse((error as Error).message)).toMatchObject({ code: 'model-failed' });
  });
});
