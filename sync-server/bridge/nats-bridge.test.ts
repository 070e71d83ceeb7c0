import { describe, expect, it } from 'vitest';
import { RuntimeHealthSchema } from '../../spec/payloads/runtime';
import { parseNatsConfig } from './config';
import { createNatsBridge } from './nats-bridge';
import { bridgeHealthPayload } from './types';

const log = { info: () => {}, warn: () => {}, error: () => {} };

describe('NATS bridge without NATS_URL', () => {
  it('is disabled: publishes are no-ops, health says so, close is clean', async () => {
    const states: string[] = [];
    const bridge = createNatsBridge({
      config: parseNatsConfig({}),
      serverId: 's1',
      log,
      onState: (state) => states.push(state),
    });
    expect(bridge.state()).toBe('disabled');
    bridge.publishYjs('doc', new Uint8Array([0, 0]));
    expect(bridge.health()).toMatchObject({ state: 'disabled', pending: 0, servers: [] });
    expect(await bridge.flush(100)).toBe(true);
    await bridge.close();
    expect(states).toEqual([]);
  });
});

describe('runtime.health payload', () => {
  it('maps bridge states to ok / degraded / down and matches the spec schema', () => {
    const base = {
      servers: ['nats://x:4222'],
      pending: 3,
      dropped: 0,
      published: 1,
      delivered: 2,
      since: '2026-01-01T00:00:00.000Z',
    };
    const cases = [
      ['connected', 'ok'],
      ['disabled', 'ok'],
      ['connecting', 'degraded'],
      ['reconnecting', 'degraded'],
      ['closed', 'down'],
    ] as const;
    for (const [state, expected] of cases) {
      const payload = bridgeHealthPayload({ ...base, state, last_error: 'CONNECTION_REFUSED' });
      expect(payload.state).toBe(expected);
      expect(RuntimeHealthSchema.safeParse(payload).success).toBe(true);
    }
    expect(bridgeHealthPayload({ ...base, state: 'reconnecting' }).detail).toBe(
      'NATS reconnecting, 3 waiting to publish',
    );
  });
});
