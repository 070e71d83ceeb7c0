import { describe, expect, it } from 'vitest';
import { createStorageState, formatBytes } from './storage';

function memoryStore() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('createStorageState', () => {
  it('reads persistence and usage, and requests persistence only when asked', async () => {
    let persistCalls = 0;
    let persistent = false;
    const manager = {
      estimate: async () => ({ usage: 2048, quota: 1_000_000 }),
      persisted: async () => persistent,
      persist: async () => {
        persistCalls++;
        persistent = true;
        return true;
      },
    };
    const state = createStorageState(manager, memoryStore());
    await state.refresh();
    expect(state.persisted()).toBe(false);
    expect(state.estimate()).toEqual({ usage: 2048, quota: 1_000_000 });
    expect(persistCalls).toBe(0);
    expect(await state.requestPersist()).toBe(true);
    expect(state.persisted()).toBe(true);
    expect(state.lastRequest()).toBe('granted');
  });

  it('works without a storage manager', async () => {
    const state = createStorageState(undefined, undefined);
    await state.refresh();
    expect(state.supported).toBe(false);
    expect(state.persisted()).toBeUndefined();
    expect(await state.requestPersist()).toBe(false);
  });

  it('measure() refreshes the estimate and composes the per-store breakdown from it', async () => {
    let measured = 0;
    const state = createStorageState(
      { estimate: async () => ({ usage: 5000, quota: 10_000 }) },
      memoryStore(),
      async () => {
        measured++;
        return {
          databases: [{ name: 'arw-journal', bytes: 3000, counts: { events: 7 }, approximate: true }],
          caches: [],
          files: [],
        };
      },
    );
    expect(state.breakdown()).toBeUndefined();
    await Promise.all([state.measure(), state.measure()]);
    expect(measured).toBe(1);
    expect(state.measuring()).toBe(false);
    expect(state.breakdown()?.rows.find((row) => row.id === 'journal')?.bytes).toBe(3000);
    expect(state.breakdown()?.rows.find((row) => row.id === 'other')?.bytes).toBe(2000);
    expect(state.breakdown()?.journalEvents).toBe(7);
  });

  it('remembers that the hint was dismissed', () => {
    const store = memoryStore();
    createStorageState(undefined, store).dismissHint();
    expect(createStorageState(undefined, store).hintDismissed()).toBe(true);
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(undefined)).toBe('unknown');
  });
});
