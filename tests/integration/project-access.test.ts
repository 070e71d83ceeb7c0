/**
 * Issue 12 item 2: before a project is shared with a paired server, the app asks the
 * real server whether the pairing's token covers it; each answer is a plain sentence.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkProjectAccess, serverLabel } from '../../app/sync/project-access';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

let srv: Awaited<ReturnType<typeof startGatedServer>>;
let token: string;
beforeAll(async () => {
  srv = await startGatedServer();
  const res = await fetch(`${srv.url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      label: 'laptop',
      kind: 'sync',
      scopes: ['events:read', 'state:read', 'sync:push', 'yjs:connect'],
      projects: ['garden'],
    }),
  });
  expect(res.status).toBe(201);
  token = ((await res.json()) as { secret: string }).secret;
});
afterAll(() => srv.close());

const garden = { id: 'garden', name: 'Garden' };

test('a token that lists the project covers it', async () => {
  expect(await checkProjectAccess({ url: srv.url, token }, garden, fetch)).toEqual({ ok: true });
});

test('a token that does not list the project: says so in plain words, naming the server and the project', async () => {
  const result = await checkProjectAccess({ url: srv.url, token }, { id: 'kitchen', name: 'Kitchen' }, fetch);
  expect(result).toEqual({
    ok: false,
    reason: 'not-covered',
    message: `${serverLabel(srv.url)}'s token does not cover project Kitchen; ask its admin for a token that includes it (project id kitchen).`,
  });
});

test('a token without the events:read scope: says it may not read events, not that the project is missing', async () => {
  const res = await fetch(`${srv.url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'push only', kind: 'sync', scopes: ['sync:push'], projects: ['garden'] }),
  });
  const pushOnly = ((await res.json()) as { secret: string }).secret;
  const result = await checkProjectAccess({ url: srv.url, token: pushOnly }, garden, fetch);
  expect(result).toMatchObject({ ok: false, reason: 'scope-missing' });
  expect(!result.ok && result.message).toMatch(/token may not read events .*project Garden was not shared\.$/);
});

test('an unknown token is refused', async () => {
  const result = await checkProjectAccess({ url: srv.url, token: 'not-a-token-0123456789' }, garden, fetch);
  expect(result).toMatchObject({ ok: false, reason: 'refused' });
  expect(!result.ok && result.message).toMatch(/refused this device's token/);
});

test('a server that does not answer: could not reach it, nothing shared', async () => {
  const result = await checkProjectAccess({ url: 'http://127.0.0.1:9', token }, garden, fetch);
  expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
  expect(!result.ok && result.message).toMatch(/^Could not reach 127\.0\.0\.1:9 .*project Garden was not shared\.$/);
});
