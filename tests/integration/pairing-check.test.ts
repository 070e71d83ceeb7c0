/**
 * Issue 12 item 6: pairing asks the real sync server before anything is saved, and each
 * refusal is its own catalogue note (the sentences people read come from the catalogue).
 */
import { createServer } from 'node:http';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeNote } from '../../core/errors';
import { checkPairing, httpBase, refusalOf } from '../../app/sync/token-check';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

let srv: Awaited<ReturnType<typeof startGatedServer>>;
let gated: Awaited<ReturnType<typeof startGatedServer>>;
let token: string;
let readless: string;

async function createToken(url: string, scopes: string[], projects: string[]): Promise<string> {
  return (await createTokenWithId(url, scopes, projects)).secret;
}

async function createTokenWithId(url: string, scopes: string[], projects: string[]) {
  const res = await fetch(`${url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'laptop', kind: 'sync', scopes, projects }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { secret: string; token: { id: string } };
  return { secret: body.secret, id: body.token.id };
}

beforeAll(async () => {
  srv = await startGatedServer();
  gated = await startGatedServer({ ARW_GATING_DENY: 'events:read' });
  token = await createToken(srv.url, ['events:read', 'sync:push'], ['p1', 'p2']);
  readless = await createToken(srv.url, ['sync:push'], ['p1']);
});
afterAll(async () => {
  await srv.close();
  await gated.close();
});

test('a token that covers every listed project passes', async () => {
  expect(await checkPairing({ url: srv.url, token, projects: ['p1', 'p2'] }, fetch)).toEqual({ ok: true });
  // ws:// addresses are checked over http://.
  expect(httpBase(srv.url.replace('http:', 'ws:') + '/')).toBe(srv.url);
});

test('an unknown token: "the server refused this token", with the server’s reason', async () => {
  const result = await checkPairing({ url: srv.url, token: 'arw_not-a-token-0123456789', projects: ['p1'] }, fetch);
  expect(result).toEqual({ ok: false, problem: { code: 'pair-token-refused', detail: 'the token is not known' } });
  expect(!result.ok && describeNote(result.problem)).toMatch(/^The server refused this token, so nothing was saved/);
});

test('projects the token does not cover are all named', async () => {
  const result = await checkPairing({ url: srv.url, token, projects: ['p1', 'p3', 'p4'] }, fetch);
  expect(result).toEqual({
    ok: false,
    problem: { code: 'pair-project-not-covered', detail: 'this token does not cover project p3, p4' },
  });
});

test('a token without events:read, and a server whose gating denies reading, are told apart from a refusal', async () => {
  expect(await checkPairing({ url: srv.url, token: readless, projects: ['p1'] }, fetch)).toMatchObject({
    ok: false,
    problem: { code: 'pair-token-scope-missing', detail: "the token lacks the scope 'events:read'" },
  });
  expect(await checkPairing({ url: gated.url, token: ADMIN_TOKEN, projects: ['p1'] }, fetch)).toMatchObject({
    ok: false,
    problem: { code: 'pair-token-scope-missing' },
  });
});

test('nothing listening: "could not reach <url>: <reason>"', async () => {
  const result = await checkPairing({ url: 'http://127.0.0.1:9', token, projects: ['p1'] }, fetch);
  expect(result).toMatchObject({ ok: false, problem: { code: 'pair-server-unreachable' } });
  expect(!result.ok && result.problem.detail).toMatch(/^could not reach http:\/\/127\.0\.0\.1:9: fetch failed/);
});

test('a web server that is not an ARW server says so', async () => {
  const other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>hi</h1>'));
  await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
  const { port } = other.address() as { port: number };
  try {
    const result = await checkPairing({ url: `http://127.0.0.1:${port}`, token, projects: ['p1'] }, fetch);
    expect(result).toEqual({
      ok: false,
      problem: { code: 'pair-not-arw-server', detail: `http://127.0.0.1:${port}/healthz answered 200 (text/html)` },
    });
  } finally {
    other.close();
  }
});

test('a link’s refusal check: a revoked token stops the link, an outage does not', async () => {
  const created = await createTokenWithId(srv.url, ['events:read'], ['p1']);
  const pairing = { url: srv.url, token: created.secret, projects: ['p1'] };
  expect(await refusalOf(pairing, fetch)).toBeUndefined();
  const revoked = await fetch(`${srv.url}/admin/tokens/${created.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(revoked.status).toBeLessThan(300);
  expect(await refusalOf(pairing, fetch)).toEqual({
    code: 'sync-token-refused-stopped',
    detail: 'the token was revoked',
  });
  expect(await refusalOf({ ...pairing, projects: ['p9'], token }, fetch)).toMatchObject({
    code: 'sync-project-forbidden',
  });
  expect(await refusalOf({ ...pairing, url: 'http://127.0.0.1:9' }, fetch)).toBeUndefined();
});
