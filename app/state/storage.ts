/**
 * Browser storage facts for Settings, the Hub and the one-time hint: usage/quota,
 * whether storage is persistent, and the explicit "Keep my data" request. Never asks
 * for persistence on its own: only when the person presses the button.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { KeyValueStore } from '../lib/device-actor';

/** The part of `navigator.storage` used here (absent in some browsers). */
export interface StorageManagerLike {
  estimate?(): Promise<{ usage?: number; quota?: number }>;
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
}

export interface StorageState {
  /** undefined while unknown or unsupported. */
  persisted: Accessor<boolean | undefined>;
  estimate: Accessor<{ usage?: number; quota?: number } | undefined>;
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

export function createStorageState(
  manager: StorageManagerLike | undefined,
  store: KeyValueStore | undefined,
): StorageState {
  const [persisted, setPersisted] = createSignal<boolean>();
  const [estimate, setEstimate] = createSignal<{ usage?: number; quota?: number }>();
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
  return {
    persisted,
    estimate,
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
