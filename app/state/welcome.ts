/**
 * Whether Chat shows the first-run welcome: until it is dismissed or a model is chosen
 * (through it or the model menu), remembered in local storage; Settings can open it
 * again. A browser that chose a model before the welcome existed counts as done.
 */
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { MODEL_CHOICE_KEY } from './model-status';

export const WELCOME_KEY = 'arw.welcome';
/** Sent on the window by `reopenWelcome`, so a Chat already open shows it at once. */
export const WELCOME_OPEN_EVENT = 'arw:welcome-open';

type Store = Pick<Storage, 'getItem' | 'setItem'> | undefined;

function read(store: Store, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(store: Store, value: 'open' | 'done'): void {
  try {
    store?.setItem(WELCOME_KEY, value);
  } catch {
    // Blocked or full storage: the welcome then follows this session only.
  }
}

/** True when the welcome should show on this load. */
export function welcomeWanted(store: Store): boolean {
  const state = read(store, WELCOME_KEY);
  if (state === 'open') return true;
  if (state === 'done') return false;
  return read(store, MODEL_CHOICE_KEY) === null;
}

/** Asks for the welcome again (Settings → "Show the welcome again", the palette): on the next Chat visit, or now in an open Chat. */
export function reopenWelcome(store: Store, events?: Pick<EventTarget, 'dispatchEvent'>): void {
  write(store, 'open');
  events?.dispatchEvent(new Event(WELCOME_OPEN_EVENT));
}

export interface WelcomeState {
  shown: Accessor<boolean>;
  /** Hides it for good (until reopened). */
  dismiss(): void;
}

/**
 * The welcome's state for one Chat view (needs a Solid owner); `selected` is the chosen
 * model id: a model picked anywhere (the welcome's buttons or the model menu) ends it.
 */
export function createWelcome(
  store: Store,
  selected: Accessor<string>,
  events?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
): WelcomeState {
  const [shown, setShown] = createSignal(welcomeWanted(store));
  const open = () => setShown(true);
  events?.addEventListener(WELCOME_OPEN_EVENT, open);
  onCleanup(() => events?.removeEventListener(WELCOME_OPEN_EVENT, open));
  const dismiss = () => {
    setShown(false);
    write(store, 'done');
  };
  createEffect(on(selected, () => shown() && dismiss(), { defer: true }));
  return { shown, dismiss };
}
