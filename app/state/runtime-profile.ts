/**
 * The runtime governor for this device: which runtime profile the inference worker
 * runs (remembered in local storage), `set(profile, reason)` applying it to the worker
 * and journaling `runtime.profile.changed` with the previous one, and an automatic mode
 * that moves to `power-saver` when the battery is low and not charging and back to the
 * person's choice once it charges. The battery source is injected (tests, no API).
 */
import { createSignal, type Accessor } from 'solid-js';
import {
  DEFAULT_RUNTIME_PROFILE,
  isRuntimeProfileName,
  parseRuntimeProfileName,
  runtimeProfile,
  type RuntimeProfile,
  type RuntimeProfileName,
} from '../../core/inference/runtime-profiles';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { EventEnvelope } from '../../spec';

/** The part of `navigator.getBattery()`'s BatteryManager the governor reads. */
export interface BatteryLike {
  /** 0..1 */
  readonly level: number;
  readonly charging: boolean;
  addEventListener(type: 'levelchange' | 'chargingchange', listener: () => void): void;
}

/** Resolves with the battery, or undefined where the browser has no Battery API. */
export type BatterySource = () => Promise<BatteryLike | undefined>;

export interface RuntimeGovernorDeps {
  /** The inference worker's `setProfile`. */
  applyProfile(profile: RuntimeProfileName): Promise<unknown>;
  /** Appends to the journal. */
  append(event: EventEnvelope): Promise<unknown>;
  make: MakeEvent;
  store?: Pick<Storage, 'getItem' | 'setItem'>;
  battery?: BatterySource;
  /** Battery level (0..1) at or below which automatic mode saves power; default 0.2. */
  lowBattery?: number;
}

export interface RuntimeGovernor {
  profile: Accessor<RuntimeProfileName>;
  /** The current profile's parameters. */
  params(): RuntimeProfile;
  /** The profile the person chose (automatic mode returns to it). */
  preferred: Accessor<RuntimeProfileName>;
  automatic: Accessor<boolean>;
  /** The battery as last read; undefined without a Battery API (or before reading it). */
  battery: Accessor<{ level: number; charging: boolean } | undefined>;
  /** Why the profile last changed. */
  reason: Accessor<string | undefined>;
  /** Applies the remembered profile to the worker (no event: nothing changed) and starts automatic mode if on. */
  start(): Promise<void>;
  /** A person's choice; unknown names throw `invalid-request` and change nothing. */
  set(profile: string, reason?: string): Promise<void>;
  setAutomatic(on: boolean): Promise<void>;
}

export const RUNTIME_PROFILE_KEY = 'arw.runtime.profile';
export const RUNTIME_PREFERRED_KEY = 'arw.runtime.preferred';
export const RUNTIME_AUTOMATIC_KEY = 'arw.runtime.automatic';
/** `true` while automatic mode holds power-saver for the battery (survives a reload). */
export const RUNTIME_SAVING_KEY = 'arw.runtime.saving';

const stored = (store: RuntimeGovernorDeps['store'], key: string): RuntimeProfileName | undefined => {
  const value = store?.getItem(key) ?? undefined;
  return isRuntimeProfileName(value) ? value : undefined;
};

export function createRuntimeGovernor(deps: RuntimeGovernorDeps): RuntimeGovernor {
  const remember = (key: string, value: string) => {
    try {
      deps.store?.setItem(key, value);
    } catch {
      // Storage may be full or blocked: the choice still applies for this session.
    }
  };
  // A stored value that is not a profile (an older version, a hand edit) means the default.
  const initial = stored(deps.store, RUNTIME_PROFILE_KEY) ?? DEFAULT_RUNTIME_PROFILE;
  const [profile, setProfile] = createSignal<RuntimeProfileName>(initial);
  const [preferred, setPreferred] = createSignal<RuntimeProfileName>(
    stored(deps.store, RUNTIME_PREFERRED_KEY) ?? initial,
  );
  const [automatic, setAutomaticSignal] = createSignal(deps.store?.getItem(RUNTIME_AUTOMATIC_KEY) === 'true');
  const [battery, setBattery] = createSignal<{ level: number; charging: boolean }>();
  const [reason, setReason] = createSignal<string>();
  const lowBattery = deps.lowBattery ?? 0.2;
  // True while automatic mode holds power-saver because of the battery; remembered, so a
  // reload while charging still goes back to the person's choice.
  let saving = deps.store?.getItem(RUNTIME_SAVING_KEY) === 'true';
  const setSaving = (on: boolean) => {
    saving = on;
    remember(RUNTIME_SAVING_KEY, String(on));
  };
  // Whether the last battery reading was low and discharging: automatic mode acts on entering that state.
  let wasLow = false;
  let watching: Promise<void> | undefined;
  let queue: Promise<void> = Promise.resolve();

  /** Applies `next` in order with other changes; journals only a real change. */
  const apply = (next: RuntimeProfileName, why: string, byGovernor: boolean) => {
    const run = async () => {
      const previous = profile();
      if (next === previous) return;
      await deps.applyProfile(next);
      setProfile(next);
      setReason(why);
      remember(RUNTIME_PROFILE_KEY, next);
      await deps.append(
        deps.make('runtime.profile.changed', { profile: next, previous, reason: why, automatic: byGovernor }),
      );
    };
    queue = queue.then(run, run);
    return queue;
  };

  /** Automatic mode acts on transitions only, so a person's choice in between is left alone. */
  const evaluate = async (source: BatteryLike) => {
    setBattery({ level: source.level, charging: source.charging });
    const low = !source.charging && source.level <= lowBattery;
    const entering = low && !wasLow;
    wasLow = low;
    if (!automatic()) return;
    if (entering && !saving) {
      // The choice to come back to must outlive a reload made while saving power.
      remember(RUNTIME_PREFERRED_KEY, preferred());
      setSaving(true);
      await apply('power-saver', `battery at ${Math.round(source.level * 100)} %, not charging`, true);
    } else if (saving && source.charging) {
      setSaving(false);
      await apply(preferred(), 'charging again', true);
    }
  };

  let lastBattery: BatteryLike | undefined;
  /** Reads the battery once and follows its changes from then on. */
  const watchBattery = () => {
    watching ??= (async () => {
      const source = await deps.battery?.().catch(() => undefined);
      if (!source) return;
      lastBattery = source;
      const onChange = () => void evaluate(source).catch(() => undefined);
      source.addEventListener('levelchange', onChange);
      source.addEventListener('chargingchange', onChange);
      await evaluate(source);
    })();
    return watching;
  };

  return {
    profile,
    params: () => runtimeProfile(profile()),
    preferred,
    automatic,
    battery,
    reason,
    async start() {
      await deps.applyProfile(profile());
      if (automatic()) await watchBattery();
    },
    async set(name, why = 'chosen in Settings') {
      const next = parseRuntimeProfileName(name);
      // Only a profile the worker took becomes the one automatic mode returns to.
      await apply(next, why, false);
      setSaving(false);
      setPreferred(next);
      remember(RUNTIME_PREFERRED_KEY, next);
    },
    async setAutomatic(on) {
      setAutomaticSignal(on);
      remember(RUNTIME_AUTOMATIC_KEY, String(on));
      if (on) {
        // Turning it on while the battery is already low counts as entering the low state.
        wasLow = false;
        await watchBattery();
        if (lastBattery) await evaluate(lastBattery);
      } else if (saving) {
        setSaving(false);
        await apply(preferred(), 'automatic mode turned off', false);
      }
    },
  };
}
