/**
 * Presence over Yjs awareness: the state each device publishes (who, typing, which
 * episode it looks at), parsing what peers publish (any peer can send anything), and
 * the people list and header line the Chat view shows. Pure.
 */
import { z } from 'zod';

export const PRESENCE_VERSION = 1;

export const PresenceStateSchema = z.object({
  v: z.literal(PRESENCE_VERSION),
  user: z.object({ actor: z.string().min(1).max(200), name: z.string().max(80) }),
  typing: z.boolean(),
  viewing: z.string().max(200).optional(),
});
export type PresenceState = z.infer<typeof PresenceStateSchema>;

export interface Peer {
  actor: string;
  name: string;
  /** This device (any of its tabs). */
  you: boolean;
  typing: boolean;
  /** corr_id of the episode this device looks at. */
  viewing?: string;
}

/**
 * One entry per device (tabs of one device merge: typing if any tab types), this device
 * first, then by name. `states` is `awareness.getStates()`.
 */
export function describePeers(states: ReadonlyMap<number, unknown>, selfActor: string, selfClientId?: number): Peer[] {
  const byActor = new Map<string, Peer>();
  for (const [clientId, raw] of states) {
    const parsed = PresenceStateSchema.safeParse(raw);
    if (!parsed.success) continue;
    const { user, typing, viewing } = parsed.data;
    const known = byActor.get(user.actor);
    const mine = clientId === selfClientId;
    if (!known) {
      byActor.set(user.actor, {
        actor: user.actor,
        name: user.name,
        you: user.actor === selfActor,
        typing,
        ...(viewing ? { viewing } : {}),
      });
      continue;
    }
    known.typing ||= typing;
    // This tab's own view wins over the device's other tabs.
    if (viewing && (mine || !known.viewing)) known.viewing = viewing;
  }
  return [...byActor.values()].sort((a, b) =>
    a.you !== b.you ? (a.you ? -1 : 1) : a.name.localeCompare(b.name) || a.actor.localeCompare(b.actor),
  );
}

/** "you", "Laptop", "Laptop (typing…)" (this device's own typing is not announced to itself). */
export function peerLabel(peer: Peer): string {
  return peer.you ? 'you' : `${peer.name}${peer.typing ? ' (typing…)' : ''}`;
}

/** "Here: you, Laptop (typing…)"; "Here: you" when alone. */
export function presenceLine(peers: readonly Peer[]): string {
  return `Here: ${peers.length ? peers.map(peerLabel).join(', ') : 'you'}`;
}

/** Names of the other devices looking at episode `corrId`. */
export function viewersOf(peers: readonly Peer[], corrId: string): string[] {
  return peers.filter((peer) => !peer.you && peer.viewing === corrId).map((peer) => peer.name);
}
