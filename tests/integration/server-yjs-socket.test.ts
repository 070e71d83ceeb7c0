/**
 * The Yjs relay behind the real gates and the real server entry: a y-websocket
 * client from outside the app's code syncs `/yjs/<doc>` with the admin token preset
 * by ARW_ADMIN_TOKEN; project-scoped sync tokens reach only `<project>/…` docs;
 * missing, wrong and revoked tokens are refused before the handshake.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectClient, destroyClients, synced, waitFor } from '../support/yjs-relay-server';
import { spawnServer, type ServerProcess } from '../support/server-process';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

const dir = mkdtempSync(join(tmpdir(), 'arw-yjs-main-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function upgradeStatus(url: string): Promise<number> {
  return new Promise((done) => {
    const ws = new WebSocket(url);
    ws.on('open', () => (ws.terminate(), done(101)));
    ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

test('with ARW_ADMIN_TOKEN preset, y-websocket clients sync /yjs/<doc> through the real server entry', async () => {
  const token = 'preset-admin-token-for-yjs-0123456789';
  server = await spawnServer({
    ...process.env,
    ARW_DATA_DIR: join(dir, 'data'),
    ARW_ENV_FILE: join(dir, '.env.local'),
    ARW_ADMIN_TOKEN: token,
  });
  const port = server.port;
  const wsBase = `ws://127.0.0.1:${port}/yjs`;
  const a = connectClient(wsBase, 'demo/notes', token);
  const b = connectClient(wsBase, 'demo/notes', token, new Y.Doc());
  try {
    await Promise.all([synced(a), synced(b)]);
    a.doc.getText('t').insert(0, 'hello from a');
    await waitFor('b sees a', () => b.doc.getText('t').toString() === 'hello from a');
    expect(await upgradeStatus(`${wsBase}/demo/notes`)).toBe(401);
    expect(await upgradeStatus(`${wsBase}/demo/notes?token=wrong-token-0123456789`)).toBe(401);
  } finally {
    destroyClients([a, b]);
  }
});

test('sync tokens reach only their project’s docs; revoked tokens are refused', async () => {
  const srv = await startGatedServer();
  try {
    const create = async (body: object) =>
      (await (
        await fetch(`${srv.url}/admin/tokens`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { token: { id: string }; secret: string };
    const p1 = await create({ label: 'p1 device', kind: 'sync', scopes: ['yjs:connect'], projects: ['p1'] });
    const reader = await create({ label: 'reader', kind: 'sync', scopes: ['events:read'], projects: ['p1'] });
    const revoked = await create({ label: 'lost', kind: 'sync', scopes: ['yjs:connect'], projects: ['p1'] });
    await fetch(`${srv.url}/admin/tokens/${revoked.token.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const url = (doc: string, token: string) =>
      `${srv.url.replace('http', 'ws')}/yjs/${doc}?token=${encodeURIComponent(token)}`;
    expect(await upgradeStatus(url('p1/thread-1', p1.secret))).toBe(101);
    expect(await upgradeStatus(url('p2/thread-1', p1.secret))).toBe(403);
    expect(await upgradeStatus(url('no-project', p1.secret))).toBe(403);
    expect(await upgradeStatus(url('p1/thread-1', reader.secret))).toBe(403);
    expect(await upgradeStatus(url('p1/thread-1', revoked.secret))).toBe(401);
    expect(await upgradeStatus(url('anything', ADMIN_TOKEN))).toBe(101);
  } finally {
    await srv.close();
  }
});
