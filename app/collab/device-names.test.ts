/** Device names: people read a name, "this device" or "another device", never a raw actor id. */
import { createRoot, createSignal } from 'solid-js';
import { expect, test } from 'vitest';
import {
  createDeviceNames,
  DEVICE_NAMES_KEY,
  deviceLabel,
  deviceName,
  MAX_REMEMBERED,
  mergeNames,
  readKnownNames,
  type NamedActor,
} from './device-names';

const SELF = 'device:01JSELF0000000000000000000';
const PHONE = 'device:01JPHONE000000000000000000';

function memoryStore(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    key: (i) => [...data.keys()][i] ?? null,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

test('a known device reads by its name, this device as "this device" or its own name, an unknown one as "another device"', () => {
  const context = { self: SELF, selfName: 'Laptop', names: new Map([[PHONE, 'Phone']]) };
  expect(deviceLabel(SELF, context)).toBe('this device');
  expect(deviceName(SELF, context)).toBe('Laptop');
  expect(deviceLabel(PHONE, context)).toBe('Phone');
  expect(deviceLabel('device:01JUNKNOWN0000000000000000', context)).toBe('another device');
  // Agents and servers are not devices: their ids are what they are called.
  expect(deviceLabel('agent:probe', context)).toBe('agent:probe');
});

test('mergeNames: a rename wins, placeholders and non-device actors are ignored, nothing new keeps the same map', () => {
  const known = new Map([[PHONE, 'Phone']]);
  expect(mergeNames(known, [{ actor: PHONE, name: 'Phone' }])).toBe(known);
  expect(
    mergeNames(known, [
      { actor: PHONE, name: 'someone' },
      { actor: 'agent:x', name: 'X' },
    ]),
  ).toBe(known);
  expect([...mergeNames(known, [{ actor: PHONE, name: ' Pixel ' }])]).toEqual([[PHONE, 'Pixel']]);
  const many: NamedActor[] = Array.from({ length: MAX_REMEMBERED + 5 }, (_, i) => ({
    actor: `device:${String(i).padStart(26, '0')}`,
    name: `D${i}`,
  }));
  const merged = mergeNames(known, many);
  expect(merged.size).toBe(MAX_REMEMBERED);
  expect(merged.has(PHONE)).toBe(false); // the oldest sighting goes first
});

test('a device seen once keeps its name after it leaves (remembered in storage); damaged storage reads as none', () => {
  const store = memoryStore();
  const [seen, setSeen] = createSignal<NamedActor[]>([]);
  const { names, dispose } = createRoot((dispose) => ({
    names: createDeviceNames({ self: SELF, selfName: () => 'Laptop', seen, store }),
    dispose,
  }));
  setSeen([{ actor: PHONE, name: 'Phone' }]);
  expect(names.labelOf(PHONE)).toBe('Phone');
  setSeen([]);
  expect(names.labelOf(PHONE)).toBe('Phone');
  expect(names.nameOf(SELF)).toBe('Laptop');
  expect([...readKnownNames(store)]).toEqual([[PHONE, 'Phone']]);
  dispose();
  createRoot((dispose) => {
    const later = createDeviceNames({ self: SELF, selfName: () => 'Laptop', seen: () => [], store });
    expect(later.labelOf(PHONE)).toBe('Phone');
    dispose();
  });
  store.setItem(DEVICE_NAMES_KEY, '{not json');
  expect(readKnownNames(store).size).toBe(0);
  store.setItem(DEVICE_NAMES_KEY, JSON.stringify([[PHONE, 3], 'x', ['agent:a', 'A']]));
  expect(readKnownNames(store).size).toBe(0);
});
