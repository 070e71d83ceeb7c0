/**
 * Names of devices, as people set them (Settings → display name), for showing who did
 * something instead of a raw `device:<ulid>` actor. What this device knows: its own
 * name, the names peers publish in presence (freshest), the author names kept in the
 * shared thread, and a name stored beside the fact itself. Unknown → "another device". Pure.
 */

export const UNKNOWN_DEVICE = 'another device';

export interface DeviceNameSources {
  selfActor: string;
  selfName: string;
  /** Presence: devices here now. */
  peers?: readonly { actor: string; name: string }[];
  /** Authors of shared thread messages. */
  authors?: readonly { actor: string; name: string }[];
}

/** Actor → name, later sources winning: thread authors, then presence, then this device. */
export function knownDeviceNames(sources: DeviceNameSources): Map<string, string> {
  const names = new Map<string, string>();
  for (const { actor, name } of [...(sources.authors ?? []), ...(sources.peers ?? [])])
    if (actor && name.trim()) names.set(actor, name.trim());
  names.set(sources.selfActor, sources.selfName);
  return names;
}

/**
 * The name to show for `actor`: "<name> (this device)" for this device, else a known
 * name, else the name stored with the fact, else "another device"; never the raw id.
 */
export function deviceLabel(
  names: ReadonlyMap<string, string>,
  selfActor: string,
  actor: string,
  storedName?: string,
): string {
  if (actor && actor === selfActor) return `${names.get(actor) ?? storedName ?? 'this device'} (this device)`;
  const name = (actor && names.get(actor)) || storedName?.trim();
  return name || UNKNOWN_DEVICE;
}
