/** Which pairing opens a project's thread, and where its relay socket is. */
import { expect, test } from 'vitest';
import { yjsSocketBase } from '../sync/pairings';
import { pairingFor } from './collab';

const pairing = (id: string, url: string, projects: string[]) => ({
  id,
  url,
  token: `token-${id}`,
  projects,
  added: '2026-01-01T00:00:00.000Z',
});

test('a project’s thread uses the first pairing that shares it; personal work opens none', () => {
  const list = [pairing('a', 'http://127.0.0.1:1', ['p2']), pairing('b', 'http://127.0.0.1:2', ['p1', 'p2'])];
  expect(pairingFor(list, 'p1')?.id).toBe('b');
  expect(pairingFor(list, 'p2')?.id).toBe('a');
  expect(pairingFor(list, 'p3')).toBeUndefined();
  expect(pairingFor(list, undefined)).toBeUndefined();
});

test('the relay base follows the pairing’s scheme and path; y-websocket appends /<doc>?token=', () => {
  expect(yjsSocketBase({ url: 'http://127.0.0.1:8787' })).toBe('ws://127.0.0.1:8787/yjs');
  expect(yjsSocketBase({ url: 'https://hub.example/arw/' })).toBe('wss://hub.example/arw/yjs');
});
