/** Presence: each device once, typing and viewing merged over its tabs, bad states ignored. */
import { expect, test } from 'vitest';
import { describePeers, presenceLine, viewersOf } from './presence';

const state = (actor: string, name: string, typing = false, viewing?: string) => ({
  v: 1,
  user: { actor, name },
  typing,
  ...(viewing ? { viewing } : {}),
});

test('"Here: you, Laptop (typing…)": this device first, others by name, typing shown for others', () => {
  const states = new Map<number, unknown>([
    [3, state('device:L', 'Laptop', true, 'c9')],
    [1, state('device:ME', 'Desk', true)],
    [2, state('device:A', 'Attic')],
  ]);
  const peers = describePeers(states, 'device:ME', 1);
  expect(presenceLine(peers)).toBe('Here: you, Attic, Laptop (typing…)');
  expect(viewersOf(peers, 'c9')).toEqual(['Laptop']);
});

test('two tabs of one device are one person: typing if either types; this tab’s view wins', () => {
  const states = new Map<number, unknown>([
    [1, state('device:ME', 'Desk', false, 'mine')],
    [2, state('device:ME', 'Desk', true, 'other-tab')],
  ]);
  const peers = describePeers(states, 'device:ME', 1);
  expect(peers).toEqual([{ actor: 'device:ME', name: 'Desk', you: true, typing: true, viewing: 'mine' }]);
});

test('states of another version or shape (any peer can send bytes) are ignored', () => {
  const states = new Map<number, unknown>([
    [1, { v: 2, user: { actor: 'device:X', name: 'X' }, typing: false }],
    [2, { typing: 'yes' }],
    [3, null],
  ]);
  expect(describePeers(states, 'device:ME')).toEqual([]);
  expect(presenceLine([])).toBe('Here: you');
});
