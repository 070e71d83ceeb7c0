import { describe, expect, it } from 'vitest';
import type { ModelAdapter } from '../../core/agent/model';
import { createProbeModel, PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import { createModelStatus } from './model-status';

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
});
