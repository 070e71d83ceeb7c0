import { describe, expect, it } from 'vitest';
import { natsConnectOptions, parseNatsConfig } from './config';

describe('NATS config (SPEC §6)', () => {
  it('defaults to reconnecting forever with jitter; no NATS_URL = disabled', () => {
    const config = parseNatsConfig({});
    expect(config.NATS_URL).toBeUndefined();
    expect(config.NATS_MAX_RECONNECTS).toBe(-1);
    expect(config.NATS_BUFFER_SIZE).toBe(10_000);
  });

  it('maps URL list, auth, TLS and reconnect settings to client options', () => {
    const config = parseNatsConfig({
      NATS_URL: 'nats://a:4222, tls://b:4222',
      NATS_USER: 'arw',
      NATS_PASSWORD: 'pw',
      NATS_TLS_CA: '/ca.pem',
      NATS_TLS_CERT: '/c.pem',
      NATS_TLS_KEY: '/k.pem',
      NATS_RECONNECT_WAIT_MS: '250',
      NATS_RECONNECT_JITTER_MS: '50',
      OTHER: 'ignored',
    });
    const options = natsConnectOptions(config, 'test');
    expect(options.servers).toEqual(['nats://a:4222', 'tls://b:4222']);
    expect(options).toMatchObject({
      user: 'arw',
      pass: 'pw',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      reconnectJitter: 50,
    });
    expect(options.tls).toEqual({ caFile: '/ca.pem', certFile: '/c.pem', keyFile: '/k.pem' });
  });

  it('fails fast naming the variable', () => {
    expect(() => parseNatsConfig({ NATS_USER: 'x' })).toThrow(/NATS_PASSWORD/);
    expect(() => parseNatsConfig({ NATS_TOKEN: 't', NATS_USER: 'u', NATS_PASSWORD: 'p' })).toThrow(/only one/);
    expect(() => parseNatsConfig({ NATS_TLS_CERT: '/c.pem' })).toThrow(/NATS_TLS_KEY/);
    expect(() => parseNatsConfig({ NATS_MAX_RECONNECTS: '-2' })).toThrow(/NATS_MAX_RECONNECTS/);
  });
});
