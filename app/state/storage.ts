/**
 * Browser storage facts for Settings, the Hub and the one-time hint: usage/quota,
 * whether storage is persistent, the explicit "Keep my data" request, and (on demand)
 * the per-store breakdown. Never asks for persistence on its own: only when the
 * person presses the button.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { KeyValueStore } from '../lib/device-actor';
import { composeBreakdown, type MeasuredStores, type StorageBreakdown, type UsageEstimate } from './storage-breakdown';

/** The part of `navigator.storage` used here (absent in some browsers). */
export interface StorageManagerLike {
  estimate?(): Promise<UsageEstimate>;
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

export interface StorageState {
  /** undefined while unknown or unsupported. */
  persisted: Accessor<boolean | undefined>;
  estimate: Accessor<UsageEstimate | undefined>;
  /** Usage per store, from the last `measure()`; undefined before it. */
  breakdown: Accessor<StorageBreakdown | undefined>;
  measuring: Accessor<boolean>;
  /** Refreshes the estimate and measures every store (bounded; run it when Settings → Data opens). */
  measure(): Promise<void>;
  supported: boolean;
  /** Result of the last "Keep my data" press. */
  lastRequest: Accessor<'granted' | 'refused' | undefined>;
  refresh(): Promise<void>;
  requestPersist(): Promise<boolean>;
  /** The one-time hint about persistence is shown until dismissed. */
  hintDismissed: Accessor<boolean>;
  dismissHint(): void;
}

export const PERSIST_HINT_KEY = 'arw:persist-hint-dismissed';

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return 'unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}

/** `measureStores` sizes the stores (state/storage-measure.ts); without it the breakdown stays empty. */
export function createStorageState(
  manager: StorageManagerLike | undefined,
  store: KeyValueStore | undefined,
  measureStores?: () => Promise<MeasuredStores>,
): StorageState {
  const [persisted, setPersisted] = createSignal<boolean>();
  const [estimate, setEstimate] = createSignal<UsageEstimate>();
  const [breakdown, setBreakdown] = createSignal<StorageBreakdown>();
  const [measuring, setMeasuring] = createSignal(false);
  let running: Promise<void> | undefined;
  const [lastRequest, setLastRequest] = createSignal<'granted' | 'refused'>();
  const readHint = () => {
    try {
      return store?.getItem(PERSIST_HINT_KEY) === '1';
    } catch {
      return false;
    }
  };
  const [hintDismissed, setHintDismissed] = createSignal(readHint());
  const refresh = async () => {
    const [isPersisted, usage] = await Promise.all([
      manager?.persisted?.().catch(() => undefined),
      manager?.estimate?.().catch(() => undefined),
    ]);
    setPersisted(isPersisted);
    setEstimate(usage);
  };
  const measure = async () => {
    setMeasuring(true);
    try {
      const [measured] = await Promise.all([
        measureStores?.().catch(() => undefined) ?? Promise.resolve(undefined),
        refresh(),
      ]);
      if (measured) setBreakdown(composeBreakdown(measured, estimate()));
    } finally {
      setMeasuring(false);
    }
  };
  return {
    persisted,
    estimate,
    breakdown,
    measuring,
    // One measurement at a time: a second press of Refresh waits for the running one.
    measure: () => (running ??= measure().finally(() => (running = undefined))),
    supported: typeof manager?.persist === 'function',
    lastRequest,
    refresh,
    async requestPersist() {
      const granted = (await manager?.persist?.().catch(() => false)) ?? false;
      setLastRequest(granted ? 'granted' : 'refused');
      await refresh();
      return granted;
    },
    hintDismissed,
    dismissHint() {
      setHintDismissed(true);
      try {
        store?.setItem(PERSIST_HINT_KEY, '1');
      } catch {
        // then the hint comes back next session
      }
    },
  };
}
