import { describe, expect, it } from 'vitest';
import { DEVICE_ACTOR_KEY, deviceActor } from './device-actor';

const ID_A = '01JAAAAAAAAAAAAAAAAAAAAAAA';
const ID_B = '01JBBBBBBBBBBBBBBBBBBBBBBB';

function memoryStore() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe('deviceActor', () => {
  it('makes a device:<ulid> id once and then reuses it', () => {
    const store = memoryStore();
    expect(deviceActor(store, () => ID_A)).toBe(`device:${ID_A}`);
    expect(deviceActor(store, () => ID_B)).toBe(`device:${ID_A}`);
    expect(store.map.get(DEVICE_ACTOR_KEY)).toBe(`device:${ID_A}`);
  });
  it('replaces a malformed stored value', () => {
    const store = memoryStore();
    store.setItem(DEVICE_ACTOR_KEY, 'garbage');
    expect(deviceActor(store, () => ID_B)).toBe(`device:${ID_B}`);
  });
  it('still returns an id when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(deviceActor(broken, () => ID_A)).toBe(`device:${ID_A}`);
  });
});
