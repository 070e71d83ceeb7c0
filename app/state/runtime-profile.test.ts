/**
 * The runtime governor: a person's choice reaches the worker, is remembered and journals
 * `runtime.profile.changed` with the previous profile (a valid event); unknown names
 * change nothing; automatic mode follows an injected battery (low and discharging →
 * power-saver, charging → back to the choice) and leaves a choice made meanwhile alone.
 */
import { describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import type { RuntimeProfileName } from '../../core/inference/runtime-profiles';
import { validateEvent, type EventEnvelope } from '../../spec';
import {
  createRuntimeGovernor,
  RUNTIME_AUTOMATIC_KEY,
  RUNTIME_PREFERRED_KEY,
  RUNTIME_PROFILE_KEY,
  type BatteryLike,
} from './runtime-profile';

function memoryStore(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { map, getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) };
}

/** A battery the test drives, dispatching the BatteryManager's change events. */
function fakeBattery(level: number, charging: boolean) {
  const listeners: (() => void)[] = [];
  const battery = {
    level,
    charging,
    addEventListener: (_type: 'levelchange' | 'chargingchange', listener: () => void) => void listeners.push(listener),
  };
  const change = async (next: Partial<Pick<BatteryLike, 'level' | 'charging'>>) => {
    Object.assign(battery, next);
    listeners.forEach((listener) => listener());
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { battery: battery as BatteryLike, change };
}

function setup(options: { store?: ReturnType<typeof memoryStore>; battery?: BatteryLike; failApply?: boolean } = {}) {
  let ids = 0;
  const make = createEventFactory({
    actor: 'device-test',
    clock: { now: () => 1_700_000_000_000 },
    newId: () => `01HZ${String((ids += 1)).padStart(22, '0')}`,
  });
  const applied: RuntimeProfileName[] = [];
  const journal: EventEnvelope[] = [];
  const store = options.store ?? memoryStore();
  const governor = createRuntimeGovernor({
    applyProfile: async (profile) => {
      if (options.failApply) throw new Error('worker gone');
      applied.push(profile);
    },
    append: async (event) => void journal.push(event),
    make,
    store,
    battery: options.battery ? async () => options.battery : undefined,
  });
  const changes = () => journal.filter((e) => e.kind === 'runtime.profile.changed').map((e) => e.payload);
  return { governor, applied, journal, store, changes };
}

describe('createRuntimeGovernor', () => {
  it('starts on balanced, or on the remembered profile, applying it without an event', async () => {
    const fresh = setup();
    await fresh.governor.start();
    expect([fresh.governor.profile(), fresh.applied, fresh.journal]).toEqual(['balanced', ['balanced'], []]);
    const remembered = setup({ store: memoryStore({ [RUNTIME_PROFILE_KEY]: 'performance' }) });
    await remembered.governor.start();
    expect(remembered.applied).toEqual(['performance']);
    expect(remembered.governor.params().maxWarmEngines).toBe(4);
    const garbage = setup({ store: memoryStore({ [RUNTIME_PROFILE_KEY]: 'turbo' }) });
    expect(garbage.governor.profile()).toBe('balanced');
  });

  it('set applies the profile, remembers it and journals runtime.profile.changed with the previous one', async () => {
    const t = setup();
    await t.governor.set('power-saver', 'testing');
    expect(t.applied).toEqual(['power-saver']);
    expect(t.governor.profile()).toBe('power-saver');
    expect(t.store.map.get(RUNTIME_PROFILE_KEY)).toBe('power-saver');
    expect(t.changes()).toEqual([
      { profile: 'power-saver', previous: 'balanced', reason: 'testing', automatic: false },
    ]);
    expect(validateEvent(t.journal[0]).ok).toBe(true);
    // The same profile again is not a change.
    await t.governor.set('power-saver');
    expect(t.changes()).toHaveLength(1);
  });

  it('an unknown profile is refused naming the field and accepted values; nothing changes', async () => {
    const t = setup();
    await expect(t.governor.set('turbo')).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('accepted values are performance, balanced, power-saver'),
    });
    expect([t.governor.profile(), t.applied, t.journal, t.store.map.size]).toEqual(['balanced', [], [], 0]);
  });

  it('a worker that refuses leaves the profile, storage and journal as they were', async () => {
    const t = setup({ failApply: true });
    await expect(t.governor.set('performance')).rejects.toThrow('worker gone');
    expect([t.governor.profile(), t.journal.length, t.store.map.get(RUNTIME_PROFILE_KEY)]).toEqual([
      'balanced',
      0,
      undefined,
    ]);
    // The queue is not stuck after a failure.
    await expect(t.governor.set('power-saver')).rejects.toThrow('worker gone');
  });

  it('automatic mode: low battery while discharging → power-saver, charging → back to the choice', async () => {
    const { battery, change } = fakeBattery(0.5, false);
    const t = setup({ battery });
    await t.governor.set('performance');
    await t.governor.setAutomatic(true);
    expect(t.store.map.get(RUNTIME_AUTOMATIC_KEY)).toBe('true');
    expect(t.governor.battery()).toEqual({ level: 0.5, charging: false });
    expect(t.governor.profile()).toBe('performance');
    await change({ level: 0.15 });
    expect(t.governor.profile()).toBe('power-saver');
    await change({ level: 0.12 });
    await change({ charging: true });
    expect(t.governor.profile()).toBe('performance');
    expect(t.changes()).toEqual([
      { profile: 'performance', previous: 'balanced', reason: 'chosen in Settings', automatic: false },
      { profile: 'power-saver', previous: 'performance', reason: 'battery at 15 %, not charging', automatic: true },
      { profile: 'performance', previous: 'power-saver', reason: 'charging again', automatic: true },
    ]);
    expect(t.journal.every((e) => validateEvent(e).ok)).toBe(true);
  });

  it('automatic mode starts from the remembered setting and reacts at once to a battery already low', async () => {
    const { battery } = fakeBattery(0.1, false);
    const t = setup({ battery, store: memoryStore({ [RUNTIME_AUTOMATIC_KEY]: 'true' }) });
    await t.governor.start();
    expect(t.governor.profile()).toBe('power-saver');
    expect(t.applied).toEqual(['balanced', 'power-saver']);
  });

  it('a choice made while saving power is kept; off means back to the choice', async () => {
    const { battery, change } = fakeBattery(0.1, false);
    const t = setup({ battery });
    await t.governor.setAutomatic(true);
    expect(t.governor.profile()).toBe('power-saver');
    await t.governor.set('balanced', 'I need it now');
    await change({ level: 0.09 });
    expect(t.governor.profile()).toBe('balanced');
    // Charging and running low again is a new transition.
    await change({ charging: true });
    await change({ charging: false, level: 0.08 });
    expect(t.governor.profile()).toBe('power-saver');
    await t.governor.setAutomatic(false);
    expect(t.governor.profile()).toBe('balanced');
    expect(t.changes().at(-1)).toMatchObject({
      profile: 'balanced',
      reason: 'automatic mode turned off',
      automatic: false,
    });
    // On again while low: it saves power at once.
    await t.governor.setAutomatic(true);
    expect(t.governor.profile()).toBe('power-saver');
  });

  it('a reload while power-saving, then charging, still goes back to the choice made before', async () => {
    const store = memoryStore();
    const low = fakeBattery(0.1, false);
    const first = setup({ store, battery: low.battery });
    await first.governor.start();
    await first.governor.setAutomatic(true);
    expect(first.governor.profile()).toBe('power-saver');
    // The app reloads while the battery is charging again.
    const charging = fakeBattery(0.15, true);
    const second = setup({ store, battery: charging.battery });
    await second.governor.start();
    expect(second.governor.preferred()).toBe('balanced');
    expect(second.governor.profile()).toBe('balanced');
    expect(second.changes()).toEqual([
      { profile: 'balanced', previous: 'power-saver', reason: 'charging again', automatic: true },
    ]);
  });

  it('a profile the worker refused is not remembered as the one to return to', async () => {
    const store = memoryStore();
    const refused = setup({ store, failApply: true });
    await expect(refused.governor.set('performance')).rejects.toThrow('worker gone');
    expect(store.map.has(RUNTIME_PREFERRED_KEY)).toBe(false);
    expect(refused.governor.preferred()).toBe('balanced');
  });

  it('without a Battery API automatic mode changes nothing', async () => {
    const t = setup();
    await t.governor.setAutomatic(true);
    expect([t.governor.profile(), t.governor.battery(), t.journal]).toEqual(['balanced', undefined, []]);
  });
});
