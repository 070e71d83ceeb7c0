/**
 * Presence belongs to its socket (issue 9 item 8): an awareness update keeps only the
 * entries for client ids its socket controls or that nobody controls yet (which the
 * socket then claims). Entries for another device's ids are dropped, so nobody can
 * overwrite or remove someone else's presence. Decoding and re-encoding only; no sockets.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';

/** What the relay knows about one attached socket. */
export interface RelayConn {
  /** Id of the principal that authenticated the socket. */
  readonly principal: string;
  /** Awareness client ids this socket controls. */
  readonly controlled: Set<number>;
}

/** Most client ids one socket may control (a client has one, a few after a clientID change). */
export const MAX_CLIENT_IDS_PER_SOCKET = 64;

export interface OwnedAwareness {
  /** The update with only this socket's entries (undefined when none is left). */
  update: Uint8Array | undefined;
  /** Client ids whose entries were dropped. */
  dropped: number[];
}

/**
 * Filters an awareness update (y-protocols wire form: varUint count, then per entry
 * varUint clientID, varUint clock, varString JSON state) sent by `ws`. A socket of the
 * same principal may take an id over: a device that reconnects before its old socket
 * timed out keeps its presence. `serverClientId` (the relay's own awareness) is never
 * claimable, and one socket claims at most MAX_CLIENT_IDS_PER_SOCKET ids.
 */
export function ownAwarenessEntries(
  update: Uint8Array,
  ws: WebSocket,
  conns: ReadonlyMap<WebSocket, RelayConn>,
  serverClientId: number,
): OwnedAwareness {
  const self = conns.get(ws);
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const owners = new Map<number, RelayConn>();
  for (const conn of conns.values()) for (const id of conn.controlled) owners.set(id, conn);
  const kept: Array<[number, number, string]> = [];
  const dropped: number[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    const owner = owners.get(clientId);
    if (self === undefined || (owner !== self && !mayClaim(self, owner, clientId, serverClientId))) {
      dropped.push(clientId);
      continue;
    }
    if (owner !== self) {
      owner?.controlled.delete(clientId);
      self.controlled.add(clientId);
      owners.set(clientId, self);
    }
    kept.push([clientId, clock, state]);
  }
  if (kept.length === 0) return { update: undefined, dropped };
  if (dropped.length === 0) return { update, dropped };
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const [clientId, clock, state] of kept) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return { update: encoding.toUint8Array(encoder), dropped };
}

function mayClaim(self: RelayConn, owner: RelayConn | undefined, clientId: number, serverClientId: number): boolean {
  if (clientId === serverClientId || self.controlled.size >= MAX_CLIENT_IDS_PER_SOCKET) return false;
  return owner === undefined || owner.principal === self.principal;
}
