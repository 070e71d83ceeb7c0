/**
 * Who a device is, in the words people chose: actor ids (`device:<ulid>`) mapped to the
 * names devices publish (this device's own name, live presence, the authors of the
 * shared thread), remembered in local storage so a device that went away keeps its
 * name. What people read is a name, "this device" or "another device", never a raw id.
 */
import { createEffect, createMemo, useContext, type Accessor } from 'solid-js';
import { useApp } from '../state/app-context';
import { CollabContext } from './collab';
import { MAX_NAME } from './display-name';

export const DEVICE_NAMES_KEY = 'arw:device-names';
/** The remembered list keeps the most recently seen names only. */
export const MAX_REMEMBERED = 200;
export const UNKNOWN_DEVICE = 'another device';
export const THIS_DEVICE = 'this device';

export interface NamedActor {
  actor: string;
  name: string;
}

const DEVICE_RE = /^device:/;
/** Placeholders the thread reader uses for a missing author: not names. */
const NOT_NAMES = new Set(['', 'someone']);

const usable = (entry: NamedActor) =>
  DEVICE_RE.test(entry.actor) && entry.actor.length <= 200 && !NOT_NAMES.has(entry.name.trim());

/** The remembered names (a damaged or foreign value reads as none). */
export function readKnownNames(store: Pick<Storage, 'getItem'> | undefined): Map<string, string> {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(DEVICE_NAMES_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return new Map();
    const entries = parsed.filter(
      (e): e is [string, string] => Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string',
    );
    return new Map(
      entries.filter(([actor, name]) => usable({ actor, name })).map(([a, n]) => [a, n.slice(0, MAX_NAME)]),
    );
  } catch {
    return new Map();
  }
}

/**
 * `known` with `seen` merged in (a newer sighting renames, and moves the device to the
 * newest end); the same map when nothing changed, so callers can skip the write.
 */
export function mergeNames(
  known: ReadonlyMap<string, string>,
  seen: readonly NamedActor[],
): ReadonlyMap<string, string> {
  let next: Map<string, string> | undefined;
  for (const entry of seen) {
    if (!usable(entry)) continue;
    const name = entry.name.trim().slice(0, MAX_NAME);
    if ((next ?? known).get(entry.actor) === name) continue;
    next ??= new Map(known);
    next.delete(entry.actor);
    next.set(entry.actor, name);
  }
  if (!next) return known;
  while (next.size > MAX_REMEMBERED) next.delete(next.keys().next().value!);
  return next;
}

export function saveKnownNames(store: Pick<Storage, 'setItem'> | undefined, names: ReadonlyMap<string, string>): void {
  try {
    store?.setItem(DEVICE_NAMES_KEY, JSON.stringify([...names]));
  } catch {
    // storage full or blocked: names are known for this session only
  }
}

export interface NameContext {
  self: string;
  selfName: string;
  names: ReadonlyMap<string, string>;
}

/** The device's name (this device's own included); "another device" when no name is known. Non-device actors (agents) as they are. */
export function deviceName(actor: string, context: NameContext): string {
  if (actor === context.self) return context.selfName;
  const known = context.names.get(actor);
  if (known) return known;
  return DEVICE_RE.test(actor) ? UNKNOWN_DEVICE : actor;
}

/** As `deviceName`, but this device reads "this device" (e.g. "granted by this device"). */
export function deviceLabel(actor: string, context: NameContext): string {
  return actor === context.self ? THIS_DEVICE : deviceName(actor, context);
}

export interface DeviceNames {
  /** The device's name, or "another device"; see `deviceName`. */
  nameOf(actor: string): string;
  /** "this device", the device's name, or "another device"; see `deviceLabel`. */
  labelOf(actor: string): string;
  /** Every device name known here, this device's included. */
  names: Accessor<ReadonlyMap<string, string>>;
}

export interface DeviceNamesDeps {
  self: string;
  selfName: Accessor<string>;
  /** Devices seen with their names (presence, thread authors). */
  seen: Accessor<readonly NamedActor[]>;
  store: Storage | undefined;
}

/** Device names over `deps`, remembering new sightings; call inside a reactive owner. */
export function createDeviceNames(deps: DeviceNamesDeps): DeviceNames {
  const stored = readKnownNames(deps.store);
  // Every device seen since this started, on top of the stored ones: a device that leaves keeps its name.
  const remembered = createMemo((known: ReadonlyMap<string, string>) => mergeNames(known, deps.seen()), stored);
  const names = createMemo((): ReadonlyMap<string, string> => new Map([...remembered(), [deps.self, deps.selfName()]]));
  createEffect((written: ReadonlyMap<string, string>) => {
    const now = remembered();
    if (now === written) return written;
    // Merged into what other tabs or components stored meanwhile.
    const current = readKnownNames(deps.store);
    const next = mergeNames(
      current,
      [...now].map(([actor, name]) => ({ actor, name })),
    );
    if (next !== current) saveKnownNames(deps.store, next);
    return now;
  }, stored);
  const context = (): NameContext => ({ self: deps.self, selfName: deps.selfName(), names: names() });
  return {
    nameOf: (actor) => deviceName(actor, context()),
    labelOf: (actor) => deviceLabel(actor, context()),
    names,
  };
}

/**
 * Device names for a component: this device from the app services, the others from the
 * collab session when there is one (its peers and the thread's authors).
 */
export function useDeviceNames(): DeviceNames {
  const { deviceActor, localStore } = useApp();
  const collab = useContext(CollabContext);
  return createDeviceNames({
    self: deviceActor,
    selfName: () => collab?.name() ?? THIS_DEVICE,
    seen: () => [
      ...(collab?.peers() ?? []).map((peer) => ({ actor: peer.actor, name: peer.name })),
      ...(collab?.messages() ?? []).map((message) => message.author),
    ],
    store: localStore,
  });
}
