import { createRoot, createSignal } from 'solid-js';
import { describe, expect, test } from 'vitest';
import { MODEL_CHOICE_KEY } from './model-status';
import { createWelcome, reopenWelcome, WELCOME_KEY, welcomeWanted } from './welcome';

function memoryStore(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

describe('the first-run welcome', () => {
  test('shows on a first run, not after a model was chosen before, again once reopened', () => {
    expect(welcomeWanted(memoryStore())).toBe(true);
    expect(welcomeWanted(memoryStore({ [MODEL_CHOICE_KEY]: 'probe' }))).toBe(false);
    const store = memoryStore({ [WELCOME_KEY]: 'done' });
    expect(welcomeWanted(store)).toBe(false);
    reopenWelcome(store);
    expect(welcomeWanted(store)).toBe(true);
    expect(welcomeWanted(undefined)).toBe(true);
  });

  test('dismissing hides it and is remembered', () => {
    const store = memoryStore();
    createRoot((dispose) => {
      const welcome = createWelcome(store, () => 'arw-tiny-char');
      expect(welcome.shown()).toBe(true);
      welcome.dismiss();
      expect(welcome.shown()).toBe(false);
      dispose();
    });
    expect(store.map.get(WELCOME_KEY)).toBe('done');
  });

  test('choosing a model ends it, and that is remembered', async () => {
    const store = memoryStore({ [WELCOME_KEY]: 'open' });
    await createRoot(async (dispose) => {
      const [selected, setSelected] = createSignal('arw-tiny-char');
      const welcome = createWelcome(store, selected);
      expect(welcome.shown()).toBe(true);
      // After the root's effects have started, as in a mounted view.
      await Promise.resolve();
      setSelected('openai:tiny');
      expect(welcome.shown()).toBe(false);
      dispose();
    });
    expect(store.map.get(WELCOME_KEY)).toBe('done');
  });

  test('a store that throws leaves it for this session only', () => {
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(welcomeWanted(broken)).toBe(true);
    expect(() => reopenWelcome(broken)).not.toThrow();
  });

  test('reopening while Chat is open shows it at once', () => {
    const store = memoryStore({ [WELCOME_KEY]: 'done' });
    const events = new EventTarget();
    createRoot((dispose) => {
      const welcome = createWelcome(store, () => 'probe', events);
      expect(welcome.shown()).toBe(false);
      reopenWelcome(store, events);
      expect(welcome.shown()).toBe(true);
      dispose();
    });
  });
});
