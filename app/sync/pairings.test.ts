/** Pairing form parsing and the /sync socket URL. */
import { expect, test } from 'vitest';
import { parsePairing, syncSocketUrl } from './pairings';

test('a valid form gives a normalized URL, the token and de-duplicated projects', () => {
  expect(parsePairing({ url: ' http://127.0.0.1:8787/ ', token: ' arw_secret_token ', projects: 'p1, p2 p1' })).toEqual(
    {
      ok: true,
      url: 'http://127.0.0.1:8787',
      token: 'arw_secret_token',
      projects: ['p1', 'p2'],
    },
  );
});

test('bad input is answered in plain words', () => {
  expect(parsePairing({ url: 'nope', token: 'arw_secret_token', projects: 'p1' })).toMatchObject({
    ok: false,
    error: expect.stringContaining('not a URL'),
  });
  expect(parsePairing({ url: 'ftp://x', token: 'arw_secret_token', projects: 'p1' })).toMatchObject({ ok: false });
  expect(parsePairing({ url: 'http://x', token: 'short', projects: 'p1' })).toMatchObject({
    ok: false,
    error: expect.stringContaining('sync token'),
  });
  expect(parsePairing({ url: 'http://x', token: 'arw_secret_token', projects: ' ' })).toMatchObject({
    ok: false,
    error: expect.stringContaining('project'),
  });
  expect(parsePairing({ url: 'http://x', token: 'arw_secret_token', projects: 'a/b' })).toMatchObject({ ok: false });
});

test('the socket URL swaps the scheme, appends /sync and carries the token', () => {
  expect(syncSocketUrl({ url: 'http://127.0.0.1:8787', token: 'a b' })).toBe('ws://127.0.0.1:8787/sync?token=a%20b');
  expect(syncSocketUrl({ url: 'https://hub.example/arw', token: 't' })).toBe('wss://hub.example/arw/sync?token=t');
});
