/**
 * The device's actor id (`device:<ulid>`), made once and kept in local storage so
 * every event this browser profile writes names the same actor.
 */

export const DEVICE_ACTOR_KEY = 'arw:device-actor';

const ACTOR_PATTERN = /^device:[0-9A-HJKMNP-TV-Z]{26}$/;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Returns the stored actor id, or makes and stores a new one; works without storage. */
export function deviceActor(store: KeyValueStore | undefined, newId: () => string): string {
  try {
    const stored = store?.getItem(DEVICE_ACTOR_KEY);
    if (stored && ACTOR_PATTERN.test(stored)) return stored;
  } catch {
    // storage blocked (privacy settings): fall through to a per-session id
  }
  const actor = `device:${newId()}`;
  try {
    store?.setItem(DEVICE_ACTOR_KEY, actor);
  } catch {
    // the id then lives for this session only
  }
  return actor;
}
