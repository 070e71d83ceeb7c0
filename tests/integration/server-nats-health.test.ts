/**
 * A composed instance with NATS journals the bridge's health as a `runtime.health` event
 * built by the event factory (this server as actor, the vocabulary's version), and
 * reports the state on /healthz and the arw_nats_state gauge.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { validateEvent } from '../../spec';
import { HAS_NATS_SERVER, startNatsServer, type NatsServerHandle } from '../support/nats';
import { waitFor } from '../support/yjs-relay-server';
import { ADMIN_TOKEN, startGatedServer } from './server-support';

describe.skipIf(!HAS_NATS_SERVER)('the NATS bridge of a composed server', () => {
  let nats: NatsServerHandle;
  let server: Awaited<ReturnType<typeof startGatedServer>>;
  beforeAll(async () => {
    nats = await startNatsServer();
    server = await startGatedServer({ NATS_URL: nats.url }, { serverId: 'srv-health' });
  });
  afterAll(async () => {
    await server?.close();
    await nats?.dispose();
  });

  test('its connected state is a valid runtime.health event from server:<id>, on /healthz and in arw_nats_state', async () => {
    const healthOf = () =>
      server.parts.journal.events
        .tail(1000)
        .filter((event) => event.kind === 'runtime.health' && event.payload['component'] === 'nats');
    await waitFor('a runtime.health event saying NATS connected', () =>
      healthOf().some((event) => event.payload['nats_state'] === 'connected'),
    );
    const connected = healthOf().find((event) => event.payload['nats_state'] === 'connected')!;
    expect(connected).toMatchObject({
      kind: 'runtime.health',
      v: 1,
      actor: 'server:srv-health',
      payload: { component: 'nats', state: 'ok', detail: 'NATS connected' },
    });
    const { server_seq: _seq, ...envelope } = connected;
    expect(validateEvent(envelope)).toMatchObject({ ok: true });
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { nats?: { state?: string } };
    expect(health.nats?.state).toBe('connected');
    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/^arw_nats_state 2$/m);
  });
});
