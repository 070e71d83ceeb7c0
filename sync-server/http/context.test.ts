/** H11: request lines are logged with every secret-looking query value redacted, however it is encoded. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { redactRequestTarget, requestContext, type AppEnv } from './context';

const SECRET = 's3cr3t-VALUE';

describe('H11 redacting query secrets in request logs', () => {
  it.each([
    ['plain', `/sync?token=${SECRET}`, '/sync?token=[redacted]'],
    ['after another parameter', `/sync?a=1&token=${SECRET}`, '/sync?a=1&token=[redacted]'],
    ['percent-encoded key', `/sync?%74oken=${SECRET}`, '/sync?%74oken=[redacted]'],
    ['double-encoded key', `/sync?%2574oken=${SECRET}`, '/sync?%2574oken=[redacted]'],
    ['upper case', `/sync?TOKEN=${SECRET}`, '/sync?TOKEN=[redacted]'],
    ['access_token', `/x?access_token=${SECRET}`, '/x?access_token=[redacted]'],
    ['plus as space in the key', `/x?api+key=${SECRET}`, '/x?api+key=[redacted]'],
    [
      'secret, password, auth',
      `/x?client_secret=${SECRET}&Password=${SECRET}&auth=${SECRET}`,
      '/x?client_secret=[redacted]&Password=[redacted]&auth=[redacted]',
    ],
    ['repeated keys', `/x?token=${SECRET}&token=${SECRET}2`, '/x?token=[redacted]&token=[redacted]'],
    ['semicolon separator', `/x?a=1;token=${SECRET}`, '/x?a=1;token=[redacted]'],
    ['nested in another value', `/x?next=%2Fy%3Ftoken%3D${SECRET}`, '/x?next=[redacted]'],
    ['an encoded `=` in the key', `/x?tok%65n%3D${SECRET}`, '/x?[redacted]'],
  ])('H11: %s', (_name, target, expected) => {
    expect(redactRequestTarget(target)).toBe(expected);
    expect(redactRequestTarget(target)).not.toContain(SECRET);
  });

  it('H11: harmless parameters, bad escapes and paths without a query are kept as they are', () => {
    expect(redactRequestTarget('/events?prefix=obs.&replay=5')).toBe('/events?prefix=obs.&replay=5');
    expect(redactRequestTarget('/x?q=%E0%A4%A&token=%zz')).toBe('/x?q=%E0%A4%A&token=[redacted]');
    expect(redactRequestTarget('/state/episodes')).toBe('/state/episodes');
  });

  it('H11: the access log line of a real request carries no secret', async () => {
    const lines: string[] = [];
    const app = new Hono<AppEnv>();
    app.use('*', requestContext({ log: (line) => lines.push(line) }));
    app.get('/sync', (c) => c.text('ok'));
    for (const query of [
      `%74oken=${SECRET}`,
      `a=1&TOKEN=${SECRET}`,
      `a=1;access_token=${SECRET}`,
      `api+key=${SECRET}`,
    ]) {
      expect((await app.request(`http://127.0.0.1/sync?${query}`)).status).toBe(200);
    }
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).toMatch(/^\[arw\] GET \/sync\?.*\[redacted\] 200 /);
      expect(line).not.toContain(SECRET);
    }
  });
});
