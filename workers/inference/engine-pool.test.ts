/**
 * The engine pool over a fake backend built from the real `AdapterBackend` interface:
 * shared loads, LRU eviction under the memory budget and engine cap (never a busy one),
 * the per-engine concurrency limit with FIFO queueing and abort while queued, explicit
 * unload, and profile switches that reload engines whose load parameters changed.
 */
import { describe, expect, it } from 'vitest';
import type { GenerateResult, ModelAdapter, ModelInfo, ModelRef } from '../../core/agent/model';
import { runtimeProfile, type RuntimeProfile } from '../../core/inference/runtime-profiles';
import type { AdapterBackend } from './adapters';
import { createEnginePool, type PoolEvent } from './engine-pool';
import type { EngineSettings } from './engine-settings';

const MIB = 1024 * 1024;

interface Gate {
  promise: Promise<void>;
  open(): void;
}
const gate = (): Gate => {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};

/** A backend whose engines record their settings and whose generations end when their gate opens (or on abort). */
function fakeBackend(sizes: Record<string, number>, options: { loadGate?: Gate; failLoad?: Set<string> } = {}) {
  const loads: { id: string; settings: EngineSettings | undefined }[] = [];
  const unloads: string[] = [];
  const started: string[] = [];
  const gates = new Map<string, Gate>();
  const backend: AdapterBackend = {
    backend: 'fake',
    list: async () =>
      Object.keys(sizes).map((id): ModelInfo => ({ id, label: `Fake ${id}`, backend: 'fake', demo: true })),
    settingsKey: (settings) => `${settings.preferWebGpu ? 'webgpu' : 'wasm'}/${settings.wasmThreads}`,
    create(settings): ModelAdapter {
      let id: string | undefined;
      return {
        async load(model) {
          loads.push({ id: model.id, settings });
          await options.loadGate?.promise;
          if (options.failLoad?.has(model.id)) throw new Error(`cannot load ${model.id}`);
          id = model.id;
          return {
            id: model.id,
            label: `Fake ${model.id}`,
            backend: `fake ${settings?.preferWebGpu ? 'webgpu' : 'wasm'} x${settings?.wasmThreads}`,
            demo: true,
          };
        },
        async generate(messages, params): Promise<GenerateResult> {
          const name = messages.at(-1)!.content;
          started.push(name);
          const done = gate();
          gates.set(name, done);
          await new Promise<void>((resolve) => {
            void done.promise.then(resolve);
            params.signal?.addEventListener('abort', () => resolve());
          });
          const finish = params.signal?.aborted ? 'aborted' : 'stop';
          return { text: name, tokens: 1, ttftMs: 0, durationMs: 0, finish };
        },
        embed: async () => [],
        async unload() {
          if (id) unloads.push(id);
          id = undefined;
        },
        stats: async () => ({ tokensPerSecond: 0, ttftMs: 0, memoryBytes: id ? sizes[id]! : 0 }),
      };
    },
  };
  const finish = (name: string) => gates.get(name)!.open();
  return { backend, loads, unloads, started, finish };
}

/** A profile with the given overrides (budget via min = max bytes). */
function profileWith(
  base: RuntimeProfile['name'],
  overrides: Partial<RuntimeProfile> & { budgetBytes?: number } = {},
): RuntimeProfile {
  const { budgetBytes, ...rest } = overrides;
  const bounds = budgetBytes === undefined ? {} : { minBudgetBytes: budgetBytes, maxBudgetBytes: budgetBytes };
  return { ...runtimeProfile(base), ...bounds, ...rest };
}

function setup(
  sizes: Record<string, number>,
  profile: RuntimeProfile,
  options: Parameters<typeof fakeBackend>[1] = {},
) {
  const fake = fakeBackend(sizes, options);
  const events: PoolEvent[] = [];
  let now = 1000;
  const pool = createEnginePool({
    backends: [fake.backend],
    profile,
    clock: { now: () => (now += 1) },
    onEvent: (e) => void events.push(e),
  });
  const generate = (model: ModelRef, name: string, signal?: AbortSignal) =>
    pool.use(
      model,
      (adapter, inner) => adapter.generate([{ role: 'user', content: name }], { signal: inner }, () => undefined),
      { signal },
    );
  return { ...fake, pool, events, generate };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const ids = (pool: ReturnType<typeof setup>['pool']) => pool.state().engines.map((e) => e.id);

describe('createEnginePool', () => {
  it('concurrent acquires of one model share a single load', async () => {
    const loadGate = gate();
    const t = setup({ a: 10 * MIB }, profileWith('balanced'), { loadGate });
    const first = t.pool.acquire({ id: 'a' });
    const second = t.pool.acquire({ id: 'a' });
    expect(t.pool.state().engines).toMatchObject([{ id: 'a', phase: 'loading' }]);
    loadGate.open();
    expect(await first).toEqual(await second);
    expect(t.loads).toHaveLength(1);
    expect(t.pool.state().engines).toMatchObject([{ id: 'a', phase: 'ready', bytes: 10 * MIB }]);
    expect(t.events.filter((e) => e.type === 'loaded')).toHaveLength(1);
  });

  it('a model with a URL is its own engine; an unknown model is model-unknown and leaves nothing behind', async () => {
    const t = setup({ a: MIB }, profileWith('performance'));
    await t.pool.acquire({ id: 'a' });
    await t.pool.acquire({ id: 'a', url: 'https://mirror.example/' });
    expect(t.pool.state().engines.map((e) => e.key)).toEqual(['a@https://mirror.example/', 'a']);
    await expect(t.pool.acquire({ id: 'zzz' })).rejects.toMatchObject({ code: 'model-unknown' });
    expect(t.pool.state().engines).toHaveLength(2);
  });

  it('a failed load is reported to every waiter and the next acquire tries again', async () => {
    const failLoad = new Set(['a']);
    const t = setup({ a: MIB }, profileWith('balanced'), { failLoad });
    const results = await Promise.allSettled([t.pool.acquire({ id: 'a' }), t.pool.acquire({ id: 'a' })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(t.pool.state().engines).toEqual([]);
    failLoad.clear();
    await t.pool.acquire({ id: 'a' });
    expect(t.loads).toHaveLength(2);
  });

  it('evicts the least recently used idle engine when the memory budget is exceeded', async () => {
    const t = setup({ a: 40 * MIB, b: 40 * MIB, c: 40 * MIB }, profileWith('performance', { budgetBytes: 100 * MIB }));
    await t.pool.acquire({ id: 'a' });
    await t.pool.acquire({ id: 'b' });
    await t.pool.acquire({ id: 'a' }); // a is now more recent than b
    await t.pool.acquire({ id: 'c' });
    expect(ids(t.pool)).toEqual(['c', 'a']);
    expect(t.events.filter((e) => e.type === 'evicted')).toMatchObject([
      { key: 'b', bytes: 40 * MIB, reason: 'memory-budget' },
    ]);
    await settle();
    expect(t.unloads).toEqual(['b']);
    expect(t.pool.state()).toMatchObject({ usedBytes: 80 * MIB, budgetBytes: 100 * MIB });
  });

  it('evicts by engine count under the profile cap', async () => {
    const t = setup({ a: MIB, b: MIB, c: MIB }, profileWith('balanced'));
    for (const id of ['a', 'b', 'c']) await t.pool.acquire({ id });
    expect(ids(t.pool)).toEqual(['c', 'b']);
    expect(t.events.find((e) => e.type === 'evicted')).toMatchObject({ key: 'a', reason: 'engine-limit' });
  });

  it('never evicts an engine that is generating; it goes once idle', async () => {
    const t = setup({ a: 60 * MIB, b: 60 * MIB }, profileWith('performance', { budgetBytes: 100 * MIB }));
    const running = t.generate({ id: 'a' }, 'long reply');
    await settle();
    expect(t.started).toEqual(['long reply']);
    await t.pool.acquire({ id: 'b' });
    // Over budget, but a is busy: both stay.
    expect(t.pool.state().engines).toMatchObject([
      { id: 'b', busy: 0 },
      { id: 'a', busy: 1 },
    ]);
    expect(t.events.some((e) => e.type === 'evicted')).toBe(false);
    t.finish('long reply');
    expect(await running).toMatchObject({ finish: 'stop' });
    // Now a is idle; b is older than a's finished generation, so b is the LRU one.
    expect(ids(t.pool)).toEqual(['a']);
    expect(t.events.find((e) => e.type === 'evicted')).toMatchObject({ key: 'b', reason: 'memory-budget' });
  });

  it('keeps the most recently used engine even when it alone is over budget', async () => {
    const t = setup({ big: 500 * MIB }, profileWith('power-saver', { budgetBytes: 64 * MIB }));
    await t.pool.acquire({ id: 'big' });
    expect(ids(t.pool)).toEqual(['big']);
  });

  it('runs at most maxConcurrentPerEngine generations, queues the rest FIFO, and a queued one can be aborted', async () => {
    const t = setup({ a: MIB }, profileWith('balanced', { maxConcurrentPerEngine: 1 }));
    const first = t.generate({ id: 'a' }, 'one');
    const abort = new AbortController();
    const second = t.generate({ id: 'a' }, 'two', abort.signal);
    const third = t.generate({ id: 'a' }, 'three');
    await settle();
    expect(t.started).toEqual(['one']);
    expect(t.pool.state().engines[0]).toMatchObject({ busy: 1, queued: 2 });
    abort.abort();
    await expect(second).rejects.toMatchObject({
      code: 'model-aborted',
      message: expect.stringContaining('waiting for a free slot'),
    });
    expect(t.pool.state().engines[0]).toMatchObject({ busy: 1, queued: 1 });
    t.finish('one');
    await first;
    await settle();
    // 'two' never ran; 'three' took the freed slot.
    expect(t.started).toEqual(['one', 'three']);
    t.finish('three');
    expect(await third).toMatchObject({ text: 'three', finish: 'stop' });
  });

  it('an abort signal aborts a running generation through the pool', async () => {
    const t = setup({ a: MIB }, profileWith('balanced'));
    const abort = new AbortController();
    const running = t.generate({ id: 'a' }, 'stop me', abort.signal);
    await settle();
    abort.abort();
    expect(await running).toMatchObject({ finish: 'aborted' });
    expect(t.pool.state().engines[0]).toMatchObject({ busy: 0, queued: 0 });
  });

  it('unload aborts running work, rejects queued work and reports it', async () => {
    const t = setup({ a: 5 * MIB }, profileWith('balanced', { maxConcurrentPerEngine: 1 }));
    const running = t.generate({ id: 'a' }, 'one');
    const queued = t.generate({ id: 'a' }, 'two');
    await settle();
    expect(await t.pool.unload({ id: 'a' })).toBe(true);
    expect(await running).toMatchObject({ finish: 'aborted' });
    await expect(queued).rejects.toMatchObject({ code: 'model-aborted' });
    expect(t.unloads).toEqual(['a']);
    expect(t.events.at(-1)).toMatchObject({ type: 'unloaded', key: 'a', bytes: 5 * MIB });
    expect(await t.pool.unload({ id: 'a' })).toBe(false);
  });

  it('a model loaded again while its old engine is still unloading stays warm, counted and unloadable', async () => {
    const t = setup({ a: 10 * MIB }, profileWith('balanced'));
    await t.pool.acquire({ id: 'a' });
    const running = t.generate({ id: 'a' }, 'first');
    await settle();
    // Unload waits for the running reply to end; the next message loads the model again meanwhile.
    const unloading = t.pool.unload({ id: 'a' });
    const next = t.generate({ id: 'a' }, 'second');
    await running;
    await unloading;
    await settle();
    expect(t.started).toEqual(['first', 'second']);
    expect(t.pool.state().engines).toMatchObject([{ id: 'a', phase: 'ready', busy: 1 }]);
    t.finish('second');
    expect((await next).text).toBe('second');
    expect(await t.pool.unload({ id: 'a' })).toBe(true);
    // Every adapter that loaded was unloaded: none is left outside the pool.
    expect(t.loads.length).toBe(2);
    expect(t.unloads).toEqual(['a', 'a']);
  });

  it('an unload during a profile reload does not start the queued work on the closed engine', async () => {
    const t = setup({ a: 10 * MIB }, profileWith('balanced'));
    await t.pool.acquire({ id: 'a' });
    const running = t.generate({ id: 'a' }, 'first');
    await settle();
    // Power saver changes the settings key: the busy engine reloads after 'first'.
    void t.pool.setProfile(profileWith('power-saver'));
    const queued = t.generate({ id: 'a' }, 'queued').then(
      (result) => result.finish,
      () => 'rejected',
    );
    t.finish('first');
    await running;
    await t.pool.unload({ id: 'a' });
    expect(await queued).toBe('rejected');
    expect(t.started).toEqual(['first']);
  });

  it('a profile switch reloads idle engines with the new settings and applies the new limits', async () => {
    const t = setup({ a: MIB, b: MIB }, profileWith('balanced'));
    await t.pool.acquire({ id: 'a' });
    await t.pool.acquire({ id: 'b' });
    expect(t.loads.map((l) => l.settings)).toEqual([
      { profile: 'balanced', wasmThreads: 4, preferWebGpu: true },
      { profile: 'balanced', wasmThreads: 4, preferWebGpu: true },
    ]);
    await t.pool.setProfile(runtimeProfile('power-saver'));
    // power-saver keeps one engine: a (least recently used) is evicted, b reloads on WASM with 1 thread.
    expect(t.events.map((e) => e.type)).toEqual(['loaded', 'loaded', 'profile', 'evicted', 'reloaded']);
    expect(t.events[2]).toMatchObject({ type: 'profile', profile: 'power-saver', previous: 'balanced' });
    expect(t.events[4]).toMatchObject({ type: 'reloaded', key: 'b', profile: 'power-saver', backend: 'fake wasm x1' });
    expect(t.loads.at(-1)).toEqual({
      id: 'b',
      settings: { profile: 'power-saver', wasmThreads: 1, preferWebGpu: false },
    });
    expect(t.pool.state()).toMatchObject({
      profile: 'power-saver',
      maxEngines: 1,
      maxConcurrentPerEngine: 1,
      engines: [{ id: 'b', stale: false, backend: 'fake wasm x1' }],
    });
  });

  it('a busy engine reloads only after its generation finishes; work asked for meanwhile runs on the reloaded engine', async () => {
    const t = setup({ a: MIB }, profileWith('balanced'));
    const running = t.generate({ id: 'a' }, 'old settings');
    await settle();
    await t.pool.setProfile(runtimeProfile('performance'));
    expect(t.pool.state().engines[0]).toMatchObject({ busy: 1, stale: true });
    expect(t.loads).toHaveLength(1);
    const next = t.generate({ id: 'a' }, 'new settings');
    await settle();
    expect(t.started).toEqual(['old settings']);
    t.finish('old settings');
    expect(await running).toMatchObject({ finish: 'stop' });
    await expect.poll(() => t.started).toEqual(['old settings', 'new settings']);
    expect(t.loads.at(-1)).toEqual({
      id: 'a',
      settings: { profile: 'performance', wasmThreads: 8, preferWebGpu: true },
    });
    expect(t.events.filter((e) => e.type === 'reloaded')).toHaveLength(1);
    t.finish('new settings');
    await next;
  });

  it('a profile that does not change an engine’s settings key does not reload it', async () => {
    const t = setup({ a: MIB }, profileWith('balanced'));
    await t.pool.acquire({ id: 'a' });
    await t.pool.setProfile(profileWith('performance', { wasmThreads: 4 }));
    expect(t.loads).toHaveLength(1);
    expect(t.events.map((e) => e.type)).toEqual(['loaded', 'profile']);
  });

  it('raising the concurrency limit starts queued work at once', async () => {
    const t = setup({ a: MIB }, profileWith('balanced', { maxConcurrentPerEngine: 1, wasmThreads: 8 }));
    const one = t.generate({ id: 'a' }, 'one');
    const two = t.generate({ id: 'a' }, 'two');
    await settle();
    expect(t.started).toEqual(['one']);
    await t.pool.setProfile(runtimeProfile('performance'));
    await settle();
    expect(t.started).toEqual(['one', 'two']);
    t.finish('one');
    t.finish('two');
    await Promise.all([one, two]);
  });
});
