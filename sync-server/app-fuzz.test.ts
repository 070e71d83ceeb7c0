/** Fuzz: random JSON bodies against every JSON route never give a 5xx and never change state when rejected. */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { buildServer } from './app';
import { sha256Hex } from './auth/secrets';
import { loadConfig } from './config';
import { openServerDb } from './storage/db';

const ADMIN = 'fuzz-admin-token-0123456789abcdef';

test('random bodies to body-taking routes: no 5xx, and a rejected call leaves tokens and gating unchanged', async () => {
  const parts = buildServer({
    staticDir: '/nonexistent',
    dataDir: '/tmp',
    version: 'fuzz',
    config: loadConfig({ ARW_RATE_LIMIT: '1000000/60' }),
    db: openServerDb(':memory:'),
    presetAdminDigests: [sha256Hex(ADMIN)],
  });
  const routes = parts.registry.list().filter((r) => r.spec?.body);
  expect(routes.length).toBeGreaterThanOrEqual(2);
  const snapshot = () => JSON.stringify({ tokens: parts.tokens.list(), deny: parts.gating.list() });
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.oneof(
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.string(),
      ),
      async (route, body) => {
        const before = snapshot();
        const res = await parts.app.request(route.path, {
          method: route.method,
          headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
          body,
        });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          expect(snapshot()).toBe(before);
        }
      },
    ),
    { numRuns: 300 },
  );
});
