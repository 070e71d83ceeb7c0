import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { MAX_CLIENT_IDS_PER_SOCKET, ownAwarenessEntries, type RelayConn } from './presence';

const SERVER_ID = 1;
// Sockets are only map keys here.
const socket = () => ({}) as WebSocket;

function update(entries: Array<[number, number, unknown]>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(e, id);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}

function ids(bytes: Uint8Array | undefined): number[] {
  if (!bytes) return [];
  const d = decoding.createDecoder(bytes);
  const out: number[] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    out.push(decoding.readVarUint(d));
    decoding.readVarUint(d);
    decoding.readVarString(d);
  }
  return out;
}

describe('ownAwarenessEntries', () => {
  const setup = () => {
    const alice = socket();
    const bob = socket();
    const conns = new Map<WebSocket, RelayConn>([
      [alice, { principal: 'alice', controlled: new Set([10]) }],
      [bob, { principal: 'bob', controlled: new Set([20]) }],
    ]);
    return { alice, bob, conns };
  };

  it("H8: keeps own and unclaimed ids (claiming them), drops another principal's and the server's", () => {
    const { alice, bob, conns } = setup();
    const owned = ownAwarenessEntries(
      update([
        [10, 5, { forged: true }],
        [20, 2, {}],
        [30, 1, {}],
        [SERVER_ID, 9, {}],
      ]),
      bob,
      conns,
      SERVER_ID,
    );
    expect(ids(owned.update)).toEqual([20, 30]);
    expect(owned.dropped).toEqual([10, SERVER_ID]);
    expect([...conns.get(bob)!.controlled]).toEqual([20, 30]);
    expect([...conns.get(alice)!.controlled]).toEqual([10]);
  });

  it("H8: a removal of another device's id is dropped; nothing left means no update", () => {
    const { bob, conns } = setup();
    expect(ownAwarenessEntries(update([[10, 6, null]]), bob, conns, SERVER_ID)).toEqual({
      update: undefined,
      dropped: [10],
    });
  });

  it('H8: a new socket of the same principal takes its id over', () => {
    const { alice, conns } = setup();
    const again = socket();
    conns.set(again, { principal: 'alice', controlled: new Set() });
    expect(ids(ownAwarenessEntries(update([[10, 7, {}]]), again, conns, SERVER_ID).update)).toEqual([10]);
    expect(conns.get(alice)!.controlled.size).toBe(0);
    expect([...conns.get(again)!.controlled]).toEqual([10]);
  });

  it(`H8: one socket claims at most ${MAX_CLIENT_IDS_PER_SOCKET} client ids`, () => {
    const { bob, conns } = setup();
    const many = Array.from({ length: 100 }, (_, i): [number, number, unknown] => [1000 + i, 1, {}]);
    const owned = ownAwarenessEntries(update(many), bob, conns, SERVER_ID);
    expect(conns.get(bob)!.controlled.size).toBe(MAX_CLIENT_IDS_PER_SOCKET);
    expect(ids(owned.update)).toHaveLength(MAX_CLIENT_IDS_PER_SOCKET - 1);
  });
});
