/**
 * Cedar in the browser (issue 14 item 1), real Chromium and the built app: the Cedar
 * wasm is not fetched at start nor for decisions the baseline alone decides; a personal
 * forbid (a `policies.saved` in the journal, on top of the shipped baseline) denies a
 * call an active lease allows, without a reload, with a `policy.decision` deny naming the
 * policy, and only then is the wasm fetched. `simulate` answers the same.
 */
import { expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import type { EventOf } from '../support/page-api';

const fx = useAppFixture();

const WASM = /cedar_wasm_bg[^/]*\.wasm$/;
const FORBID = 'forbid(principal, action == Action::"net:http", resource)\nwhen { resource.host == "evil.example" };';

test('a personal forbid beats an active lease without a reload; the wasm loads only when a decision needs it', async () => {
  const requested: string[] = [];
  fx.browser.context.on('request', (request) => requested.push(request.url()));
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await page.evaluate(() => window.arw!.policy.ready);
  const request = { capability: 'net:http', scope: 'net://evil.example', subject: 'agent:chat', tool: 'http.fetch' };

  await page.evaluate(() => window.arw!.policy.grant({ capability: 'net:http', scope: 'evil.example', ttl_secs: 900 }));
  const before = await page.evaluate((r) => window.arw!.policy.authorize({ ...r, corrId: 'e2e-cedar-1' }), request);
  expect(before).toMatchObject({ allowed: true });
  expect(requested.filter((url) => WASM.test(url))).toEqual([]);

  await page.evaluate(async (text) => {
    const arw = window.arw!;
    const payload = { policy_id: 'no-evil', name: 'No evil.example', text, enabled: true, origin: 'personal' as const };
    await arw.journal.appendBatch([arw.make('policies.saved', payload)]);
  }, FORBID);
  await page.waitForFunction(() => window.arw!.policy.policies().some((policy) => policy.id === 'no-evil'));

  const simulated = await page.evaluate((r) => window.arw!.policy.simulate(r), request);
  expect(simulated).toMatchObject({ decision: 'deny', policy_ids: ['no-evil'] });
  const after = await page.evaluate((r) => window.arw!.policy.authorize({ ...r, corrId: 'e2e-cedar-2' }), request);
  expect(after.allowed).toBe(false);
  expect(after.reason).toContain('no-evil');
  expect(after.reason).toBe(simulated.reason);
  expect(requested.filter((url) => WASM.test(url))).toHaveLength(1);

  const decisions = await page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ kindPrefixes: ['policy.decision'], limit: 100 });
    return (events as EventOf<'policy.decision'>[]).filter((event) => event.corr_id?.startsWith('e2e-cedar'));
  });
  const byEpisode = Object.fromEntries(decisions.map((event) => [event.corr_id, event.payload]));
  expect(byEpisode['e2e-cedar-1']).toMatchObject({ decision: 'allow', policy_ids: ['shipped-baseline'] });
  expect(byEpisode['e2e-cedar-1']!.lease_id).toBeTruthy();
  expect(byEpisode['e2e-cedar-2']).toMatchObject({ decision: 'deny', policy_ids: ['no-evil'] });
  expect(byEpisode['e2e-cedar-2']!.reason).toContain('"No evil.example" (no-evil) forbids net:http');

  // Another host under another lease is still allowed: the forbid is exactly as wide as written.
  await page.evaluate(() => window.arw!.policy.grant({ capability: 'net:http', scope: 'good.example', ttl_secs: 900 }));
  const good = await page.evaluate(
    (r) => window.arw!.policy.authorize({ ...r, scope: 'net://good.example', corrId: 'e2e-cedar-3' }),
    request,
  );
  expect(good).toMatchObject({ allowed: true });

  // The strict validator answers with line and column in the page too.
  const invalid = await page.evaluate(() =>
    window.arw!.policy.validatePolicy('forbid(principal, action, resource)\nwhen { resource.hots == "x" };'),
  );
  expect(invalid).toMatchObject({ ok: false, errors: [{ line: 2, column: 8 }] });
});
