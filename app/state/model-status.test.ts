import { describe, expect, it } from 'vitest';
import type { ModelAdapter } from '../../core/agent/model';
import { createProbeModel, PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import { createModelStatus, MODEL_CHOICE_KEY } from './model-status';

describe('createModelStatus', () => {
  it('loads the model and exposes its info', async () => {
    const status = createModelStatus(createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined }), { id: 'probe' });
    expect(status.phase()).toBe('loading');
    await status.ready;
    expect(status.phase()).toBe('ready');
    expect(status.info()).toEqual(PROBE_MODEL_INFO);
  });
  it('reports a failed load as model-failed', async () => {
    const broken = { load: async () => { throw new Error('worker died'); } } as unknown as ModelAdapter;
    const status = createModelStatus(broken, { id: 'probe' });
    await status.ready;
    expect(status.phase()).toBe('failed');
    expect(status.error()).toBe('model-failed');
  });
  it('falls back when the chosen model cannot load, and says why', async () => {
    const probe = createProbeModel({ clock: { now: () => 0 }, sleep: async () => undefined });
    const adapter: ModelAdapter = { ...probe, load: async (ref) => (ref.id === 'probe' ? probe.load(ref) : Promise.reject(new Error('offline'))) };
    const loaded: string[] = [];
    const status = createModelStatus(adapter, { id: 'arw-tiny-char' }, { fallback: { id: 'probe' }, onLoaded: (info, why) => void loaded.push(`${info.id}:${why}`) });
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
    const store = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) };
    const status = createModelStatus(adapter, { id: 'probe' }, { lazy: true, store });
    expect(loads).toBe(0);
    await status.activate();
    await status.activate();
    expect(loads).toBe(1);
    await status.select('probe');
    expect(stored.get(MODEL_CHOICE_KEY)).toBe('probe');
    expect(createModelStatus(adapter, { id: 'other' }, { lazy: true, store }).selected()).toBe('probe');
  });
});
