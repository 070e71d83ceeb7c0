/** Pool events become valid journal events (evictions and unloads as models.changed, reloads as runtime.health); the view refreshes after an unload. */
import { describe, expect, it } from 'vitest';
import { describeNote } from '../../core/errors';
import { createEventFactory } from '../../core/journal/event-factory';
import { validateEvent } from '../../spec';
import type { PoolState } from '../worker-clients/runtime-client';
import { createRuntimePoolView, poolEventToJournal } from './runtime-pool';

let ids = 0;
const make = createEventFactory({
  actor: 'device-test',
  clock: { now: () => 1_700_000_000_000 },
  newId: () => `01HZ${String((ids += 1)).padStart(22, '0')}`,
});
const model = { id: 'arw-tiny-char' };

describe('poolEventToJournal', () => {
  it('journals evictions, unloads and reloads as valid events, and leaves loads and profile switches to others', () => {
    const evicted = poolEventToJournal(
      { type: 'evicted', key: 'arw-tiny-char', model, bytes: 453_021, reason: 'memory-budget' },
      make,
    )!;
    expect(evicted).toMatchObject({
      kind: 'models.changed',
      code: 'engine-evicted',
      payload: {
        op: 'unloaded',
        id: 'arw-tiny-char',
        bytes: 453_021,
        reason: expect.stringContaining('memory budget'),
      },
    });
    const unloaded = poolEventToJournal({ type: 'unloaded', key: 'arw-tiny-char', model, bytes: 2048 }, make)!;
    expect(unloaded.payload).toMatchObject({ op: 'unloaded', reason: 'unloaded (2.0 KB freed)' });
    const reloaded = poolEventToJournal(
      { type: 'reloaded', key: 'arw-tiny-char', model, bytes: 1, profile: 'power-saver', backend: 'WASM, 1 thread' },
      make,
    )!;
    expect(reloaded).toMatchObject({
      kind: 'runtime.health',
      payload: {
        component: 'inference:arw-tiny-char',
        state: 'ok',
        detail: 'reloaded for the power-saver profile: WASM, 1 thread',
      },
    });
    const failed = poolEventToJournal(
      { type: 'reload-failed', key: 'x', model, profile: 'performance', message: 'boom' },
      make,
    )!;
    expect(failed).toMatchObject({ severity: 'warn', payload: { state: 'degraded' } });
    for (const event of [evicted, unloaded, reloaded, failed]) expect(validateEvent(event)).toMatchObject({ ok: true });
    expect(poolEventToJournal({ type: 'loaded', key: 'a', model, bytes: 1 }, make)).toBeUndefined();
    expect(
      poolEventToJournal({ type: 'profile', profile: 'balanced', previous: 'performance', budgetBytes: 1 }, make),
    ).toBeUndefined();
  });
});

describe('createRuntimePoolView', () => {
  it('refreshes after an unload and shows a failure without losing the last state', async () => {
    const engine = {
      key: 'probe',
      id: 'probe',
      label: 'Probe',
      backend: 'rules',
      phase: 'ready' as const,
      bytes: 0,
      lastUsed: 1,
      busy: 0,
      queued: 0,
      stale: false,
    };
    let state: PoolState = {
      profile: 'balanced',
      budgetBytes: 512,
      usedBytes: 0,
      maxEngines: 2,
      maxConcurrentPerEngine: 2,
      engines: [engine],
    };
    let fail = false;
    const view = createRuntimePoolView({
      state: async () => (fail ? Promise.reject(new Error('worker gone')) : state),
      unload: async (key) => {
        state = { ...state, engines: state.engines.filter((e) => e.key !== key) };
        return true;
      },
    });
    await view.refresh();
    expect(view.state()?.engines).toHaveLength(1);
    await view.unload('probe');
    expect(view.state()?.engines).toEqual([]);
    fail = true;
    await view.refresh();
    expect(view.error()).toEqual({ code: 'internal', detail: 'worker gone' });
    expect(describeNote(view.error()!)).toMatch(/\(worker gone\)$/);
    expect(view.state()?.profile).toBe('balanced');
  });
});
