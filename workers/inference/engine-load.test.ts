/** Loading one engine: the backend that offers the model, its settings, and cleanup after a failed load. */
import { describe, expect, it } from 'vitest';
import type { ModelAdapter } from '../../core/agent/model';
import { runtimeProfile } from '../../core/inference/runtime-profiles';
import { createProbeBackend, type AdapterBackend } from './adapters';
import { loadEngine, settingsKeyOf } from './engine-load';
import type { EngineSettings } from './engine-settings';

const probe = createProbeBackend({ sleep: async () => undefined, clock: { now: () => 0 } });

/** A backend whose adapters fail to load and record their unloads. */
function failingBackend(unloads: string[], made: EngineSettings[]): AdapterBackend {
  return {
    backend: 'failing',
    list: async () => [{ id: 'broken', label: 'Broken', backend: 'failing', demo: true }],
    settingsKey: (settings) => `threads=${settings.wasmThreads}`,
    create(settings): ModelAdapter {
      made.push(settings!);
      return {
        load: async () => Promise.reject(new Error('weights are corrupt')),
        generate: async () => Promise.reject(new Error('not loaded')),
        embed: async () => [],
        unload: async () => void unloads.push('broken'),
        stats: async () => ({ tokensPerSecond: 0, ttftMs: 0, memoryBytes: 0 }),
      };
    },
  };
}

describe('loadEngine', () => {
  it('loads the model on the first backend that offers it and reports its memory and settings key', async () => {
    const engine = await loadEngine([probe], { id: 'probe' }, undefined, runtimeProfile('balanced'));
    expect(engine).toMatchObject({ backend: probe, info: { id: 'probe' }, settingsKey: '' });
    expect(typeof engine.bytes).toBe('number');
  });

  it('a model no backend offers is model-unknown, naming the model', async () => {
    await expect(loadEngine([probe], { id: 'llama-70b' }, undefined, runtimeProfile('balanced'))).rejects.toMatchObject(
      {
        code: 'model-unknown',
        message: expect.stringContaining("'llama-70b'"),
      },
    );
  });

  it('a failed load unloads the adapter it made, created with the profile settings, and rethrows', async () => {
    const unloads: string[] = [];
    const made: EngineSettings[] = [];
    const backend = failingBackend(unloads, made);
    await expect(loadEngine([probe], { id: 'broken' }, backend, runtimeProfile('power-saver'))).rejects.toThrow(
      'weights are corrupt',
    );
    expect(unloads).toEqual(['broken']);
    expect(made).toEqual([{ profile: 'power-saver', wasmThreads: 1, preferWebGpu: false }]);
    expect(settingsKeyOf(backend, runtimeProfile('power-saver'))).toBe('threads=1');
  });
});
