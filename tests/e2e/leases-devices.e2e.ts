/**
 * Issue 11 acceptance, two devices: A and B (two browser profiles) paired with one server
 * for p1. A lease granted from a prompt on A ("Allow 1 h" in the sidecar's Approvals lane)
 * replicates to B, where the same recipe's http.fetch runs with no prompt; a Revoke on B
 * reaches A within 5 s, and A's next call prompts again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';
import { startTestSite, TEST_PAGE_SENTENCE, type TestSite } from '../support/test-site';
import {
  episodeEnd,
  expectGrantedFetch,
  episodeEvents,
  pageReaderRecipe,
  policyKinds,
  sendMessage,
} from './agent-helpers';
import { usePairedDevices } from './sync-helpers';

const RECIPE = pageReaderRecipe({ id: 'page-reader', name: 'Page reader', mode: 'ask' });

const fx = usePairedDevices('/#/gallery', async (page) => {
  await page.waitForFunction(() => window.arw!.sync.snapshot().links[0]?.phase === 'live', undefined, {
    timeout: 15_000,
  });
});
let llm: OpenAiTestServer;
let site: TestSite;
let folder: string;
let leaseId: string;

const ended = async (page: Page, input: string) => episodeEnd(await episodeEvents(page, input));
const liveLeaseIds = (page: Page) => page.evaluate(() => window.arw!.policy.leases().map((lease) => lease.id));

/**
 * The page's clock time when lease `id` is (`live`) or is not live in its policy state,
 * checked every 10 ms; null if that has not happened within 10 s.
 */
function leaseSeenAt(page: Page, id: string, live: boolean): Promise<number | null> {
  return page.evaluate(
    ({ id, live }) =>
      new Promise<number | null>((resolve) => {
        const deadline = Date.now() + 10_000;
        const check = () => {
          if (window.arw!.policy.leases().some((lease) => lease.id === id) === live) resolve(Date.now());
          else if (Date.now() > deadline) resolve(null);
          else setTimeout(check, 10);
        };
        check();
      }),
    { id, live },
  );
}

const send = sendMessage;

/** Opens the Gallery on `page`, launches the recipe and waits for Chat to run it on the tools model. */
async function launch(page: Page): Promise<void> {
  await page.goto(`${fx.server.url}/#/gallery`);
  const card = page.locator('[data-testid="recipe-card"]', { hasText: 'Page reader' });
  await card.waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: 'Launch' }).click();
  await page.getByTestId('agent-running').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('agent-running').textContent()).toContain('openai:tools');
}

const fetchCall = () => ({ toolCalls: [{ name: 'http.fetch', arguments: { url: `${site.url}/page.html` } }] });

beforeAll(async () => {
  llm = await startOpenAiServer({ models: ['tools'], tokenDelayMs: 5 });
  site = await startTestSite();
  folder = mkdtempSync(join(tmpdir(), 'arw-recipe-'));
  writeFileSync(join(folder, 'recipe.yaml'), RECIPE);
});
afterAll(async () => {
  await llm?.close();
  await site?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('a lease granted from a prompt on A (Allow 1 h in the Approvals lane) reaches B’s policy state', async () => {
  const { pageA, pageB } = fx;
  for (const page of [pageA, pageB]) {
    const saved = await page.evaluate(
      (baseUrl) => window.arw!.servers.save({ baseUrl, model: 'tools', apiKey: '' }),
      llm.url,
    );
    expect(saved).toMatchObject({ ok: true });
  }
  // Installed on A in p1, the recipe replicates to B with the project.
  await pageA.getByLabel('Recipe folder', { exact: true }).setInputFiles(folder);
  await expect
    .poll(() => pageB.evaluate(() => window.arw!.recipes.get('page-reader')?.manifest.version), { timeout: 15_000 })
    .toBe('1.0.0');

  await launch(pageA);
  llm.script(fetchCall(), { text: `A read: ${TEST_PAGE_SENTENCE}` });
  const asked = 'A: what does the tide pool page say?';
  await send(pageA, asked);
  const prompt = pageA.getByTestId('approvals-lane').getByRole('group', { name: 'Permission request: http.fetch' });
  await prompt.waitFor({ timeout: 30_000 });
  const allowedAt = Date.now();
  await prompt.getByRole('button', { name: 'Allow 1 h' }).click();
  await expect.poll(() => ended(pageA, asked), { timeout: 30_000 }).toBe('episode.completed');

  const events = await episodeEvents(pageA, asked);
  const lease = expectGrantedFetch(events, site.host, 3_600_000);
  leaseId = lease.id;

  const onBAt = await leaseSeenAt(pageB, leaseId, true);
  expect(onBAt, 'the lease never reached B').not.toBeNull();
  console.log(`Allow 1 h on A → lease live on B: ${onBAt! - allowedAt} ms`);
  const onB = await pageB.evaluate((id) => window.arw!.policy.leases().find((l) => l.id === id), leaseId);
  expect(onB).toMatchObject({ subject: 'recipe:page-reader', scope: `net://${site.host}`, project_id: 'p1' });
});

test('B’s call of the same recipe and scope is allowed by A’s lease with no prompt, and the tool fetches the page', async () => {
  const { pageB } = fx;
  expect(leaseId).toBeDefined();
  await launch(pageB);
  const fetchesBefore = site.requests.filter((r) => r === 'GET /page.html').length;
  llm.script(fetchCall(), { text: `B read: ${TEST_PAGE_SENTENCE}` });
  const asked = 'B: read the tide pool page.';
  await send(pageB, asked);
  await expect.poll(() => ended(pageB, asked), { timeout: 30_000 }).toBe('episode.completed');

  const events = await episodeEvents(pageB, asked);
  expect(policyKinds(events)).toEqual(['policy.decision', 'tool.invoked', 'tool.ran']);
  expect(events.find((e) => e.kind === 'policy.decision')!.payload).toMatchObject({
    decision: 'allow',
    lease_id: leaseId,
    subject: 'recipe:page-reader',
  });
  expect(await pageB.evaluate(() => window.arw!.policy.pending().length)).toBe(0);
  expect(site.requests.filter((r) => r === 'GET /page.html')).toHaveLength(fetchesBefore + 1);
  await expect.poll(() => pageB.getByTestId('assistant-message').last().textContent()).toContain('B read:');
});

test('a Revoke on B (Settings → Permissions) drops the lease on A within 5 s; A’s next call prompts again', async () => {
  const { pageA, pageB } = fx;
  expect(leaseId).toBeDefined();
  await pageB.goto(`${fx.server.url}/#/settings`);
  const row = pageB.getByTestId('permissions').locator(`[data-testid="lease"][data-lease-id="${leaseId}"]`);
  await row.waitFor({ timeout: 15_000 });
  expect(await row.getByTestId('lease-granted-by').textContent()).toBe('granted by Laptop');
  expect(await liveLeaseIds(pageA)).toContain(leaseId);

  // A watches its own policy state and stamps the moment the lease leaves it.
  const droppedAt = leaseSeenAt(pageA, leaseId, false);
  const clickedAt = Date.now();
  await row.getByRole('button', { name: /^Revoke net:http/ }).click();
  const dropped = await droppedAt;
  expect(dropped, 'the revoke never reached A').not.toBeNull();
  const propagation = dropped! - clickedAt;
  console.log(`revoke on B → lease gone on A: ${propagation} ms`);
  expect(propagation).toBeLessThan(5000);
  expect(await liveLeaseIds(pageB)).not.toContain(leaseId);

  // A's one next call, after A has seen the revoke: a prompt again.
  llm.script(fetchCall(), { text: 'A was asked again.' });
  const asked = 'A: and after the revoke?';
  const pendingBefore = await pageA.evaluate(() => window.arw!.policy.pending().length);
  await send(pageA, asked);
  const prompt = pageA.getByTestId('approvals-lane').getByRole('group', { name: 'Permission request: http.fetch' });
  await prompt.waitFor({ timeout: 30_000 });
  console.log(`revoke on B → A's next call prompting: ${Date.now() - clickedAt} ms`);
  expect(await pageA.evaluate(() => window.arw!.policy.pending().length)).toBe(pendingBefore + 1);
  await prompt.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect.poll(() => ended(pageA, asked), { timeout: 30_000 }).toBe('episode.completed');
  const kinds = policyKinds(await episodeEvents(pageA, asked));
  expect(kinds).toEqual(['policy.prompt', 'policy.deny', 'policy.decision']);
  const revoked = await pageA.evaluate(
    async (id) =>
      (await window.arw!.journal.query({ kindPrefixes: ['leases.revoked'], limit: 10 })).events.filter(
        (e) => (e.payload as { lease_id?: string }).lease_id === id,
      ).length,
    leaseId,
  );
  expect(revoked).toBe(1);
});
