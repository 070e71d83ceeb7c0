import { describe, expect, it } from 'vitest';
import type { ChatMessage, ModelAdapter, ModelInfo } from '../../core/agent/model';
import { createProbeModel, PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import { AppError } from '../../core/errors';
import type { WebLlmCatalogEntry } from '../../workers/webllm/api';
import { createModelRouter, type InferenceSide, type WebLlmSide } from './model-router';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const clock = { now: () => performance.now() };
const user: ChatMessage[] = [{ role: 'user', content: 'hello there, how are you today?' }];

/** A real probe model that records which ids each side was asked to load and unload. */
function recordingProbe(name: string, log: string[]): ModelAdapter {
  const probe = createProbeModel({ sleep, clock, tokenDelayMs: 15 });
  return {
    ...probe,
    async load(ref, options) {
      log.push(`${name}.load ${ref.id}`);
      const info = await probe.load({ id: PROBE_MODEL_INFO.id }, options);
      return { ...info, id: ref.id, backend: name };
    },
    async unload() {
      log.push(`${name}.unload`);
      await probe.unload();
    },
  };
}

function sides(options: { catalog?: () => Promise<WebLlmCatalogEntry[]> } = {}) {
  const log: string[] = [];
  const tiny: ModelInfo = { id: 'arw-tiny-char', label: 'tiny', backend: 'onnx', demo: true };
  const inference: InferenceSide = {
    ...recordingProbe('inference', log),
    list: async () => [tiny, { ...PROBE_MODEL_INFO }],
  };
  let canceled = 0;
  const webllm: WebLlmSide = {
    ...recordingProbe('webllm', log),
    catalog:
      options.catalog ??
      (async () => [{ id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC', vramRequiredMB: 879, cached: false }, { id: 'bare' }]),
    cancelLoad: async () => void (canceled += 1),
  } as WebLlmSide;
  return { log, inference, webllm, canceled: () => canceled };
}

describe('model router', () => {
  it('routes webllm:-prefixed ids to the web-llm client (prefix removed) and everything else to the inference worker', async () => {
    const s = sides();
    const router = createModelRouter(s);
    const info = await router.load({ id: 'webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC' });
    expect(info).toMatchObject({ id: 'webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC', backend: 'webllm' });
    expect(router.active()).toBe('webllm');
    expect((await router.load({ id: 'openai:llama3' })).backend).toBe('inference');
    expect(await router.load({ id: 'arw-tiny-char' })).toMatchObject({ id: 'arw-tiny-char', backend: 'inference' });
    expect(s.log).toEqual([
      'webllm.load Llama-3.2-1B-Instruct-q4f16_1-MLC',
      'inference.load openai:llama3',
      'webllm.unload',
      'inference.load arw-tiny-char',
    ]);
  });

  it('a failed load keeps the side that was loaded (nothing is unloaded)', async () => {
    const s = sides();
    const router = createModelRouter({
      ...s,
      webllm: { ...s.webllm, load: async () => Promise.reject(new AppError('webllm-unavailable', 'no WebGPU')) },
    });
    await router.load({ id: 'arw-tiny-char' });
    await expect(router.load({ id: 'webllm:x' })).rejects.toMatchObject({ code: 'webllm-unavailable' });
    expect(router.active()).toBe('inference');
    expect(s.log).toEqual(['inference.load arw-tiny-char']);
    const tokens: string[] = [];
    expect((await router.generate(user, {}, (t) => tokens.push(t))).finish).toBe('stop');
    expect(tokens.length).toBeGreaterThan(0);
  });

  it('generation goes to the active side, and its abort signal passes through', async () => {
    const s = sides();
    const router = createModelRouter(s);
    await router.load({ id: 'webllm:bare' });
    const controller = new AbortController();
    const tokens: string[] = [];
    const result = await router.generate(user, { signal: controller.signal }, (token) => {
      tokens.push(token);
      if (tokens.length === 2) controller.abort();
    });
    expect(result.finish).toBe('aborted');
    expect(tokens.length).toBe(2);
    expect((await router.stats()).tokensPerSecond).toBeGreaterThan(0);
  });

  it('without a loaded model, generate says so', async () => {
    const router = createModelRouter(sides());
    await expect(router.generate(user, {}, () => undefined)).rejects.toMatchObject({ code: 'model-not-loaded' });
  });

  it('lists web-llm models only when asked, prefixed, with their memory need and cache state', async () => {
    const router = createModelRouter(sides());
    expect((await router.list()).map((o) => o.id)).toEqual(['arw-tiny-char', 'probe']);
    const all = await router.list({ withWebLlm: true });
    expect(all.map((o) => o.id)).toEqual([
      'arw-tiny-char',
      'probe',
      'webllm:Llama-3.2-1B-Instruct-q4f16_1-MLC',
      'webllm:bare',
    ]);
    expect(all[2]).toMatchObject({
      backend: 'web-llm (WebGPU)',
      label: 'Llama-3.2-1B-Instruct-q4f16_1-MLC (needs about 0.9 GB)',
      needs: { memoryMB: 879, cached: false },
    });
    expect(all[3]).toMatchObject({ label: 'bare', needs: {} });
  });

  it('a web-llm catalog failure still lists the inference worker models', async () => {
    const router = createModelRouter(
      sides({ catalog: () => Promise.reject(new AppError('webllm-load-failed', 'chunk failed')) }),
    );
    expect((await router.list({ withWebLlm: true })).map((o) => o.id)).toEqual(['arw-tiny-char', 'probe']);
  });

  it('lists web-llm models from the prebuilt copy without asking its worker, unless told to ask it', async () => {
    let asked = 0;
    const s = sides({ catalog: async () => ((asked += 1), [{ id: 'from-worker', cached: true }]) });
    const router = createModelRouter({ ...s, prebuilt: [{ id: 'from-copy', vramRequiredMB: 2048 }] });
    const copy = await router.list({ withWebLlm: true });
    expect(copy.map((o) => o.id)).toEqual(['arw-tiny-char', 'probe', 'webllm:from-copy']);
    expect(copy[2]).toMatchObject({ needs: { memoryMB: 2048 } });
    expect(copy[2]!.needs).not.toHaveProperty('cached');
    expect(asked).toBe(0);
    const live = await router.list({ withWebLlm: true, webllmWorker: true });
    expect(live.map((o) => o.id)).toEqual(['arw-tiny-char', 'probe', 'webllm:from-worker']);
    expect(asked).toBe(1);
  });

  it('cancel goes to the web-llm client; only web-llm loads are cancelable', async () => {
    const s = sides();
    const router = createModelRouter(s);
    expect(router.canCancel('webllm:x')).toBe(true);
    expect(router.canCancel('arw-tiny-char')).toBe(false);
    await router.cancelLoad();
    expect(s.canceled()).toBe(1);
  });

  it('embeddings: the inference side answers; a web-llm model says it has none', async () => {
    const router = createModelRouter(sides());
    await router.load({ id: 'arw-tiny-char' });
    expect((await router.embed(['a b'])).length).toBe(1);
    await router.load({ id: 'webllm:bare' });
    await expect(router.embed(['a'])).rejects.toMatchObject({ code: 'model-embed-unsupported' });
  });
});
