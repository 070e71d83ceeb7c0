/**
 * The name this device shows to the others in shared threads and presence. Kept in
 * local storage; defaults to "Device" plus the actor's last four characters, so two
 * unnamed devices still read differently.
 */

export const DISPLAY_NAME_KEY = 'arw:display-name';
export const MAX_NAME = 40;

export function defaultName(actor: string): string {
  return `Device ${actor.slice(-4)}`;
}

export function readDisplayName(store: Pick<Storage, 'getItem'> | undefined, actor: string): string {
  try {
    const stored = store?.getItem(DISPLAY_NAME_KEY)?.trim();
    if (stored) return stored.slice(0, MAX_NAME);
  } catch {
    // storage blocked: the default name
  }
  return defaultName(actor);
}

/** Saves a trimmed name (empty = back to the default); returns the name now in use. */
export function saveDisplayName(
  store: Pick<Storage, 'setItem' | 'removeItem'> | undefined,
  actor: string,
  name: string,
): string {
  const value = name.trim().slice(0, MAX_NAME);
  try {
    if (value) store?.setItem(DISPLAY_NAME_KEY, value);
    else store?.removeItem(DISPLAY_NAME_KEY);
  } catch {
    // the name lasts for this session
  }
  return value || defaultName(actor);
}
