/** SPEC §6: one zod schema, defaults, and fail-fast errors naming the variable. */
import { describe, expect, test } from 'vitest';
import { loadConfig } from './config';

describe('server configuration', () => {
  test('defaults: port 8787 on loopback, data under ./data', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 8787,
      ARW_BIND: '127.0.0.1',
      ARW_DATA_DIR: './data',
      ARW_METRICS_PUBLIC: false,
    });
  });

  test('PORT is overridable', () => {
    expect(loadConfig({ PORT: '9000' }).PORT).toBe(9000);
  });

  test('a bad PORT names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  test('a public bind without an admin token refuses to start', () => {
    expect(() => loadConfig({ ARW_BIND: '0.0.0.0' })).toThrow(/ARW_BIND.*ARW_ADMIN_TOKEN/s);
    expect(loadConfig({ ARW_BIND: '0.0.0.0', ARW_ADMIN_TOKEN: 'a'.repeat(32) }).ARW_BIND).toBe('0.0.0.0');
  });

  test('ARW_ADMIN_TOKEN_SHA256 must be a hex digest', () => {
    expect(() => loadConfig({ ARW_ADMIN_TOKEN_SHA256: 'nothex' })).toThrow(/ARW_ADMIN_TOKEN_SHA256/);
  });
});
