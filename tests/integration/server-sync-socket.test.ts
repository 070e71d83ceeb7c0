/**
 * The journal behind the real gates: a project-scoped sync token (created through the
 * admin route) replicates over WS /sync and reads /events/tail and /state for its
 * project only; upgrades without a valid token, or from a foreign Origin, are refused
 * before the WebSocket handshake.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { SYNC_PROTOCOL_VERSION } from '../../spec/sync-protocol';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

let srv: Awaited<ReturnType<typeof startGatedServer>>;
let syncToken = '';
let revokedToken = '';

async function createToken(body: object): Promise<{ id: string; secret: string }> {
  const res = await fetch(`${srv.url}/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  const json = (await res.json()) as { token: { id: string }; secret: string };
  return { id: json.token.id, secret: json.secret };
}

beforeAll(async () => {
  srv = await startGatedServer();
  syncToken = (
    await createToken({
      label: 'laptop',
      kind: 'sync',
      scopes: ['events:read', 'state:read', 'sync:push'],
      projects: ['p1'],
    })
  ).secret;
  const doomed = await createToken({ label: 'old phone', kind: 'sync', scopes: ['events:read'], projects: ['p1'] });
  await fetch(`${srv.url}/admin/tokens/${doomed.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  revokedToken = doomed.secret;
});
afterAll(() => srv.close());

const wsUrl = (path: string, token?: string) =>
  `${srv.url.replace('http', 'ws')}${path}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

/** The HTTP status of a refused upgrade (or 101 when it opened). */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => (ws.terminate(), resolve(101)));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

function nextMessage(ws: WebSocket, type: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (message.type === type) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
  });
}

test('S12: WS /sync refuses missing, wrong and revoked tokens, foreign origins and unknown paths before the handshake', async () => {
  expect(await upgradeStatus(wsUrl('/sync'))).toBe(401);
  expect(await upgradeStatus(wsUrl('/sync', 'arw_wrong'))).toBe(401);
  expect(await upgradeStatus(wsUrl('/sync', revokedToken))).toBe(401);
  expect(await upgradeStatus(wsUrl('/sync', syncToken), { Origin: 'https://evil.example' })).toBe(403);
  expect(await upgradeStatus(wsUrl('/nowhere', syncToken))).toBe(404);
  expect(await upgradeStatus(wsUrl('/sync', syncToken))).toBe(101);
});

test('S12: a project-scoped token replicates its project and reads it back through the gated routes', async () => {
  const ws = new WebSocket(wsUrl('/sync', syncToken));
  await new Promise((resolve) => ws.once('open', resolve));
  const welcome = nextMessage(ws, 'welcome');
  ws.send(
    JSON.stringify({
      type: 'hello',
      protocol: SYNC_PROTOCOL_VERSION,
      device_id: 'laptop',
      subscriptions: [{ project_id: 'p1', after: 0 }],
    }),
  );
  expect(await welcome).toMatchObject({ protocol: SYNC_PROTOCOL_VERSION });

  const event = {
    id: '01JD2V8K3Q4R5S6T7V8W9X0Y1Z',
    time: '2026-11-25T10:00:00.000Z',
    kind: 'obs.recorded',
    v: 1,
    actor: 'device:laptop',
    project_id: 'p1',
    corr_id: 'ep-1',
    payload: { source: 'user', text: 'hi' },
  };
  const foreign = { ...event, id: '01JD2V8K3Q4R5S6T7V8W9X0Y20', project_id: 'p2' };
  const pushed = nextMessage(ws, 'pushed');
  ws.send(JSON.stringify({ type: 'push', batch_id: 'b1', events: [event, foreign] }));
  const answer = (await pushed) as { accepted: { id: string }[]; rejected: { index: number }[] };
  expect(answer.accepted.map((a) => a.id)).toEqual([event.id]);
  expect(answer.rejected.map((r) => r.index)).toEqual([1]);
  ws.terminate();

  const auth = { authorization: `Bearer ${syncToken}` };
  const tail = await fetch(`${srv.url}/events/tail?n=10&project=p1`, { headers: auth });
  expect(tail.status).toBe(200);
  expect(((await tail.json()) as { items: { id: string }[] }).items.map((e) => e.id)).toEqual([event.id]);
  expect((await fetch(`${srv.url}/events/tail?n=10`, { headers: auth })).status).toBe(403);
  expect((await fetch(`${srv.url}/events/tail?n=10&project=p2`, { headers: auth })).status).toBe(403);
  const episodes = await fetch(`${srv.url}/state/episodes?project=p1`, { headers: auth });
  expect(((await episodes.json()) as { items: { id: string }[] }).items.map((e) => e.id)).toEqual(['ep-1']);

  // Accepted and rejected events are counted by kind in /metrics.
  const metrics = await (
    await fetch(`${srv.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  ).text();
  expect(metrics).toMatch(/arw_events_total\{kind="obs\.recorded",outcome="accepted",reason=""\} 1\b/);
  expect(metrics).toMatch(
    /arw_events_total\{kind="obs\.recorded",outcome="rejected",reason="invalid:project_id"\} 1\b/,
  );
});
