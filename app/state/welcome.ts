/**
 * Whether Chat shows the first-run welcome: until it is dismissed or a model is chosen
 * (through it or the model menu), remembered in local storage; Settings can open it
 * again. A browser that chose a model before the welcome existed counts as done.
 */
import { createEffect, createSignal, on, type Accessor } from 'solid-js';
import { MODEL_CHOICE_KEY } from './model-status';

export const WELCOME_KEY = 'arw.welcome';

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

/** Asks for the welcome on the next Chat visit (Settings → "Show the welcome again"). */
export function reopenWelcome(store: Store): void {
  write(store, 'open');
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
export function createWelcome(store: Store, selected: Accessor<string>): WelcomeState {
  const [shown, setShown] = createSignal(welcomeWanted(store));
  const dismiss = () => {
    setShown(false);
    write(store, 'done');
  };
  createEffect(on(selected, () => shown() && dismiss(), { defer: true }));
  return { shown, dismiss };
}
