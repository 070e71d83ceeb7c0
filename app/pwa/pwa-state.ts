/**
 * Service worker registration with an update *prompt* (never a silent swap under an
 * open session): `needRefresh` turns true when a new version is waiting, and
 * `reload()` activates it and reloads. Registration failures are reported, not thrown.
 */
import { createSignal, type Accessor } from 'solid-js';
import { registerSW } from 'virtual:pwa-register';
import { messageOf } from '../../core/errors';

export interface PwaState {
  /** A new version is installed and waiting for the user's go. */
  needRefresh: Accessor<boolean>;
  /** The app shell is cached: the app now loads without network. */
  offlineReady: Accessor<boolean>;
  /** Last registration error, in plain words. */
  error: Accessor<string | undefined>;
  /** Activates the waiting version and reloads the page. */
  reload(): Promise<void>;
  /** Hides the prompt until the next update. */
  dismiss(): void;
}

export function createPwaState(): PwaState {
  const [needRefresh, setNeedRefresh] = createSignal(false);
  const [offlineReady, setOfflineReady] = createSignal(false);
  const [error, setError] = createSignal<string>();
  if (!('serviceWorker' in navigator)) {
    setError('This browser has no service workers: the app will not work offline.');
    return { needRefresh, offlineReady, error, reload: async () => location.reload(), dismiss: () => undefined };
  }
  const update = registerSW({
    immediate: true,
    onNeedRefresh: () => setNeedRefresh(true),
    onOfflineReady: () => setOfflineReady(true),
    onRegisteredSW: (_url, registration) => {
      if (registration?.active) setOfflineReady(true);
    },
    onRegisterError: (cause: unknown) => setError(`The offline cache could not be set up: ${messageOf(cause)}`),
  });
  return {
    needRefresh,
    offlineReady,
    error,
    reload: () => update(true),
    dismiss: () => setNeedRefresh(false),
  };
}
