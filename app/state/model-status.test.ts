import { describe, expect, it } from 'vitest';
import type { ModelAdapter } from '../../core/agent/model';
import { createProbeModel, PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import { createModelStatus, MODEL_CHOICE_KEY } from './model-status';

describe('createModelStatus', () => {
  it('loads the model and exposes its info', async () => {
    const status = createModelStatus(createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined }), {
      id: 'probe',
    });
    expect(status.phase()).toBe('loading');
    await status.ready;
    expect(status.phase()).toBe('ready');
    expect(status.info()).toEqual(PROBE_MODEL_INFO);
  });
  it('reports a failed load as model-failed', async () => {
    const broken = {
      load: async () => {
        throw new Error('worker died');
      },
    } as unknown as ModelAdapter;
    const status = createModelStatus(broken, { id: 'probe' });
    await status.ready;
    expect(status.phase()).toBe('failed');
    expect(status.error()).toBe('model-failed');
  });
  it('falls back when the chosen model cannot load, and says why', async () => {
    const probe = createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined });
    const adapter: ModelAdapter = {
      ...probe,
      load: async (ref) => (ref.id === 'probe' ? probe.load(ref) : Promise.reject(new Error('offline'))),
    };
    const loaded: string[] = [];
    const status = createModelStatus(
      adapter,
      { id: 'arw-tiny-char' },
      { fallback: { id: 'probe' }, onLoaded: (info, why) => void loaded.push(`${info.id}:${why}`) },
    );
    await status.ready;
    expect(status.phase()).toBe('ready');
    expect(status.info()?.id).toBe('probe');
    expect(status.notice()).toMatch(/could not load \(offline\)/);
    expect(loaded).toEqual(['probe:offline']);
  });
  it('lazy: loads nothing until activated; a selection is remembered', async () => {
    let loads = 0;
    const probe = createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined });
    const adapter: ModelAdapter = { ...probe, load: async (ref) => ((loads += 1), probe.load(ref)) };
    const stored = new Map<string, string>();
    const store = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    };
    const status = createModelStatus(adapter, { id: 'probe' }, { lazy: true, store });
    expect(loads).toBe(0);
    await status.activate();
    await status.activate();
    expect(loads).toBe(1);
    await status.select('probe');
    expect(stored.get(MODEL_CHOICE_KEY)).toBe('probe');
    expect(createModelStatus(adapter, { id: 'other' }, { lazy: true, store }).selected()).toBe('probe');
  });
  it('a failed selection brings back the model loaded before (not the default fallback) and makes it the choice again', async () => {
    const probe = createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined });
    const adapter: ModelAdapter = {
      ...probe,
      load: async (ref) =>
        ref.id === 'webllm:x'
          ? Promise.reject(new Error('no WebGPU'))
          : { ...(await probe.load({ id: 'probe' })), id: ref.id, label: ref.id },
    };
    const stored = new Map<string, string>();
    const store = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
    };
    const status = createModelStatus(adapter, { id: 'arw-tiny-char' }, { fallback: { id: 'probe' }, store });
    await status.ready;
    await status.select('openai:llama3');
    await status.select('webllm:x');
    expect(status.info()?.id).toBe('openai:llama3');
    expect(status.selected()).toBe('openai:llama3');
    expect(stored.get(MODEL_CHOICE_KEY)).toBe('openai:llama3');
    expect(status.notice()).toMatch(/could not load \(no WebGPU\); using openai:llama3 instead/);
  });
  it('a cancelable load can be stopped: the previous model comes back with a "canceled" notice', async () => {
    const probe = createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined });
    let stop: (error: Error) => void = () => undefined;
    const adapter: ModelAdapter = {
      ...probe,
      load: (ref) =>
        ref.id === 'webllm:big'
          ? new Promise((_, reject) => (stop = reject))
          : probe.load({ id: 'probe' }).then((info) => ({ ...info, id: ref.id })),
    };
    const canceled = Object.assign(new Error('loading was canceled'), { code: 'webllm-load-canceled' });
    const status = createModelStatus(
      adapter,
      { id: 'arw-tiny-char' },
      { canCancel: (id) => id.startsWith('webllm:'), cancelLoad: async () => stop(canceled) },
    );
    await status.ready;
    expect(status.cancelable()).toBe(false);
    const selecting = status.select('webllm:big');
    await Promise.resolve();
    await Promise.resolve();
    expect(status.phase()).toBe('loading');
    expect(status.cancelable()).toBe(true);
    await status.cancelLoad();
    await selecting;
    expect(status.cancelable()).toBe(false);
    expect(status.info()?.id).toBe('arw-tiny-char');
    expect(status.notice()).toMatch(/^Loading was canceled; using /);
  });
  it('lists again with activated: true after the first load, and on refreshOptions', async () => {
    const probe = createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined });
    const calls: boolean[] = [];
    const list = async ({ activated }: { activated: boolean }) => (
      calls.push(activated),
      activated ? [PROBE_MODEL_INFO, { ...PROBE_MODEL_INFO, id: 'webllm:x' }] : [PROBE_MODEL_INFO]
    );
    const status = createModelStatus(probe, { id: 'probe' }, { lazy: true, list });
    await Promise.resolve();
    await Promise.resolve();
    expect(status.options().map((o) => o.id)).toEqual(['probe']);
    await status.activate();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(status.options().map((o) => o.id)).toEqual(['probe', 'webllm:x']);
    await status.refreshOptions();
    expect(calls).toEqual([false, true, true]);
  });
});
