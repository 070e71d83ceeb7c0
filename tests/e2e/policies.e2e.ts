/**
 * Settings → Policies end to end (issue 14 item 3 and its acceptance), on two devices A
 * and B paired with one server for p1: an invalid policy is refused in the editor with
 * its line and message and nothing is written; a valid forbid saved in the UI denies,
 * without a reload, a call that a live lease allows (the `policy.decision` names the
 * policy) and the tester shows the same verdict; a recipe's real http.fetch (scripted
 * model, local site) under a live lease is denied by a forbid switched on in the list;
 * a project policy saved on A reaches B and denies there even in `allow` mode; keyboard
 * (Tab reaches every field, Escape closes the editor, the focus returns); Delete with
 * Undo; axe finds nothing in either theme with errors shown, and at phone width nothing
 * scrolls sideways.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { PermissionRequest } from '../../core/policy/types';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';
import type { EventOf } from '../support/page-api';
import { startTestSite, type TestSite } from '../support/test-site';
import { episodeEnd, episodeEvents, pageReaderRecipe, policyKinds, sendMessage, toolMessages } from './agent-helpers';
import { usePairedDevices } from './sync-helpers';

const fx = usePairedDevices('/#/settings/policies', async (page) => {
  await page.waitForFunction(() => window.arw!.sync.snapshot().links[0]?.phase === 'live', undefined, {
    timeout: 15_000,
  });
});
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type AxeWindow = Window & { axe?: typeof import('axe-core') };

const BROKEN = 'forbid(\n  principal == Agent::"recipe:page-reader",\n  action == Action::"net:htp",\n  resource\n);';
const FORBID_FETCH =
  'forbid(\n  principal == Agent::"recipe:page-reader",\n  action == Action::"net:http",\n  resource\n)\nwhen { resource.host == "example.com" };';
const FETCH: PermissionRequest = {
  capability: 'net:http',
  scope: 'net://example.com',
  subject: 'recipe:page-reader',
  tool: 'http.fetch',
  projectId: 'p1',
};
const WRITE: PermissionRequest = {
  capability: 'fs:write',
  scope: 'path://notes/todo.md',
  subject: 'agent:chat',
  tool: 'files.write',
  projectId: 'p1',
  mode: 'allow',
};

const savedEvents = (page: Page) =>
  page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ kindPrefixes: ['policies.'], limit: 100 });
    return events as EventOf<'policies.saved'>[];
  });

const authorize = (page: Page, request: PermissionRequest) =>
  page.evaluate(async (request) => {
    const corrId = `e2e-${Math.random().toString(36).slice(2)}`;
    const outcome = await window.arw!.policy.authorize({ ...request, corrId });
    const { events } = await window.arw!.journal.query({ corrId, limit: 10 });
    const decision = events.find((e) => e.kind === 'policy.decision') as EventOf<'policy.decision'> | undefined;
    return { outcome, decision: decision?.payload };
  }, request);

const section = (page: Page) => page.getByTestId('policies');

/** Settings at the Policies heading, rendered afresh (through another view, so no editor is left open). */
async function openSection(page: Page): Promise<void> {
  await page.goto(`${fx.server.url}/#/hub`);
  await page.goto(`${fx.server.url}/#/settings/policies`);
  await section(page).getByTestId('policy-row').first().waitFor({ timeout: 15_000 });
}

/** The editor's textarea caret, read without waiting on a missing element. */
const caret = (page: Page) =>
  page.evaluate(() => {
    const area = document.querySelector<HTMLTextAreaElement>('#policy-text');
    return area ? { start: area.selectionStart, focused: document.activeElement === area } : null;
  });

test('an invalid policy is refused with its line and message; nothing is written; the error puts the caret on that line', async () => {
  const page = fx.pageA;
  await openSection(page);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-policies');
  await section(page).getByRole('button', { name: 'New policy' }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByLabel('Name', { exact: true }).fill('Broken fetch rule');
  await editor.getByLabel('Policy (Cedar)').fill(BROKEN);
  await editor.getByRole('button', { name: 'Save' }).click();
  const errors = editor.getByTestId('policy-errors');
  await errors.waitFor({ timeout: 30_000 });
  const first = errors.getByRole('button').first();
  expect(await first.textContent()).toMatch(/^Line 3, column \d+: .*net:htp/);
  expect(await editor.locator('#policy-status').textContent()).toMatch(/nothing was saved/);
  expect(await savedEvents(page)).toEqual([]);

  await first.click();
  const lineStart = BROKEN.indexOf('  action');
  await expect.poll(() => caret(page)).toMatchObject({ focused: true });
  const at = (await caret(page))!.start;
  expect(at).toBeGreaterThanOrEqual(lineStart);
  expect(at).toBeLessThanOrEqual(BROKEN.indexOf('\n', lineStart));

  // Escape closes the editor without saving and gives the focus back to New policy.
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('policy-editor').count()).toBe(0);
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('New policy');
  expect(await savedEvents(page)).toEqual([]);
});

test('a forbid saved in the UI denies, without a reload, a call a live lease allows; the decision and the tester name it', async () => {
  const page = fx.pageA;
  await openSection(page);
  const lease = await page.evaluate(
    async () => (await window.arw!.policy.grant({ capability: 'net:http', scope: 'example.com', ttl_secs: 3600 })).id,
  );
  const before = await authorize(page, FETCH);
  expect(before.outcome).toMatchObject({ allowed: true, lease_id: lease });

  await section(page).getByRole('button', { name: 'New policy' }).click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByLabel('Name', { exact: true }).fill('No example.com for the page reader');
  await editor.getByLabel('Policy (Cedar)').fill(FORBID_FETCH);
  await editor.getByRole('button', { name: 'Validate' }).click();
  await expect.poll(() => editor.locator('#policy-status').textContent(), { timeout: 30_000 }).toMatch(/^Valid/);
  await editor.getByRole('button', { name: 'Save' }).click();
  const row = section(page).locator('[data-testid="policy-row"][data-policy-id="no-example-com-for-the-page-reader"]');
  await row.waitFor({ timeout: 15_000 });
  expect(await row.getByTestId('policy-origin').textContent()).toBe('Mine');
  await expect.poll(() => page.getByTestId('policy-editor').count()).toBe(0);
  const [saved] = await savedEvents(page);
  expect(saved!.payload).toMatchObject({
    policy_id: 'no-example-com-for-the-page-reader',
    enabled: true,
    origin: 'personal',
  });

  const after = await authorize(page, FETCH);
  expect(after.outcome.allowed).toBe(false);
  expect(after.decision).toMatchObject({ decision: 'deny', policy_ids: ['no-example-com-for-the-page-reader'] });
  expect(after.decision!.reason).toContain('no-example-com-for-the-page-reader');
  expect(await page.evaluate((id) => window.arw!.policy.leases().some((l) => l.id === id), lease)).toBe(true);

  // The tester, filled in by keyboard-reachable fields, gives the runtime's verdict.
  const tester = page.getByTestId('policy-tester');
  await tester.getByLabel(/^Tool/).selectOption('http.fetch');
  await tester.getByLabel('Scope', { exact: true }).fill('net://example.com');
  await tester.getByLabel('Subject', { exact: true }).fill('recipe:page-reader');
  await tester.getByLabel('Project', { exact: true }).fill('p1');
  const verdict = tester.getByTestId('policy-verdict');
  await expect.poll(() => verdict.getAttribute('data-decision'), { timeout: 15_000 }).toBe('deny');
  expect(await verdict.getByTestId('policy-verdict-ids').textContent()).toContain('no-example-com-for-the-page-reader');

  // Switched off in the list, the lease allows again.
  await row.getByRole('checkbox').uncheck();
  await expect.poll(async () => (await authorize(page, FETCH)).outcome.allowed, { timeout: 10_000 }).toBe(true);
  await expect.poll(() => verdict.getAttribute('data-decision'), { timeout: 15_000 }).toBe('allow');
});

test('a recipe’s real http.fetch under a live lease is denied by a forbid switched on in the list; the model gets the denial', async () => {
  const page = fx.pageA;
  const llm: OpenAiTestServer = await startOpenAiServer({ models: ['tools'], tokenDelayMs: 5 });
  const site: TestSite = await startTestSite();
  try {
    await openSection(page);
    const setup = await page.evaluate(
      async ({ baseUrl, recipe, host }) => {
        const arw = window.arw!;
        const server = await arw.servers.save({ baseUrl, model: 'tools', apiKey: '' });
        const installed = await arw.recipes.install(
          { kind: 'folder', files: [{ path: 'recipe.yaml', data: recipe }] },
          { overwrite: true },
        );
        const lease = await arw.policy.grant({ capability: 'net:http', scope: host, ttl_secs: 3600 });
        const policy = await arw.policies.store.save({
          name: 'Page reader stays off loopback',
          text: 'forbid(principal == Agent::"recipe:page-reader", action == Action::"net:http", resource)\nwhen { resource.host == "127.0.0.1" };',
          enabled: false,
        });
        return { server: server.ok, installed: installed.ok, lease: lease.id, policy: policy.ok && policy.value.id };
      },
      {
        baseUrl: llm.url,
        recipe: pageReaderRecipe({ id: 'page-reader', name: 'Page reader', mode: 'ask' }),
        host: site.host,
      },
    );
    expect(setup).toMatchObject({ server: true, installed: true, policy: 'page-reader-stays-off-loopback' });
    // With the policy off, the lease covers the call: allowed, no prompt.
    const leased = await page.evaluate(
      (host) =>
        window.arw!.policies.simulate({
          capability: 'net:http',
          scope: `net://${host}`,
          subject: 'recipe:page-reader',
          tool: 'http.fetch',
          projectId: 'p1',
        }),
      site.host,
    );
    expect(leased).toMatchObject({ decision: 'allow', lease_id: setup.lease });
    const row = section(page).locator('[data-policy-id="page-reader-stays-off-loopback"]');
    await row.getByRole('checkbox').check();
    await expect
      .poll(() => page.evaluate(() => window.arw!.policies.store.get('page-reader-stays-off-loopback')?.enabled))
      .toBe(true);

    await page.evaluate(() => window.arw!.recipes.launch('page-reader', 'p1'));
    await page.getByTestId('agent-running').waitFor({ timeout: 30_000 });
    llm.script(
      { toolCalls: [{ name: 'http.fetch', arguments: { url: `${site.url}/page.html` } }] },
      { text: 'I could not read it.' },
    );
    const asked = 'What does the tide pool page say?';
    await sendMessage(page, asked);
    await expect
      .poll(async () => episodeEnd(await episodeEvents(page, asked)), { timeout: 30_000 })
      .toBe('episode.completed');
    const events = await episodeEvents(page, asked);
    expect(policyKinds(events)).toEqual(['policy.decision']);
    expect(events.find((e) => e.kind === 'policy.decision')!.payload).toMatchObject({
      decision: 'deny',
      subject: 'recipe:page-reader',
      policy_ids: ['page-reader-stays-off-loopback'],
    });
    expect(site.requests).not.toContain('GET /page.html');
    expect(toolMessages(llm.bodies.at(-1)).join('\n')).toMatch(/denied/);
    expect(await page.evaluate((id) => window.arw!.policy.leases().some((l) => l.id === id), setup.lease)).toBe(true);
    // Off again, so the tests after this one see only their own policies deciding.
    await openSection(page);
    await row.getByRole('checkbox').uncheck();
  } finally {
    await llm.close();
    await site.close();
  }
});

test('the tester in the editor decides with the text as typed, unsaved; a draft with errors is left out and it says so', async () => {
  const page = fx.pageA;
  await openSection(page);
  await section(page).getByRole('button', { name: 'New policy' }).click();
  const editor = page.getByTestId('policy-editor');
  const tester = editor.getByTestId('policy-tester');
  await tester.getByLabel('Scope', { exact: true }).fill('net://example.com');
  await tester.getByLabel('Subject', { exact: true }).fill('recipe:page-reader');
  await tester.getByLabel('Project', { exact: true }).fill('p1');
  const verdict = tester.getByTestId('policy-verdict');
  // The saved forbid is off and the lease is live: allowed.
  await expect.poll(() => verdict.getAttribute('data-decision'), { timeout: 15_000 }).toBe('allow');

  await editor.getByLabel('Policy (Cedar)').fill(FORBID_FETCH);
  await expect.poll(() => verdict.getAttribute('data-decision'), { timeout: 15_000 }).toBe('deny');
  expect(await verdict.getByTestId('policy-verdict-ids').textContent()).toContain('draft-unsaved');

  await editor.getByLabel('Policy (Cedar)').fill(FORBID_FETCH.replace('"net:http"', '"net:htp"'));
  await expect.poll(() => verdict.getAttribute('data-decision'), { timeout: 15_000 }).toBe('allow');
  expect(await verdict.textContent()).toContain('The text being edited has errors, so it is left out.');
  expect((await savedEvents(page)).map((e) => e.payload.policy_id)).not.toContain('draft-unsaved');
  await editor.getByRole('button', { name: 'Cancel' }).click();
});

test('a project policy saved on A reaches paired device B and denies there, even in allow mode', async () => {
  const { pageA, pageB } = fx;
  await openSection(pageA);
  expect((await authorize(pageB, WRITE)).outcome.allowed).toBe(true);
  await section(pageA).getByRole('button', { name: 'New policy' }).click();
  const editor = pageA.getByTestId('policy-editor');
  await editor.getByLabel('Name', { exact: true }).fill('No file writes in p1');
  await editor.getByLabel('Applies to').selectOption({ label: 'Project p1 (shared)' });
  await editor.getByLabel('Policy (Cedar)').fill('forbid(principal, action == Action::"fs:write", resource);');
  await editor.getByRole('button', { name: 'Save' }).click();
  await section(pageA).locator('[data-policy-id="no-file-writes-in-p1"]').waitFor({ timeout: 30_000 });

  await openSection(pageB);
  const row = section(pageB).locator('[data-testid="policy-row"][data-policy-id="no-file-writes-in-p1"]');
  await row.waitFor({ timeout: 20_000 });
  expect(await row.getByTestId('policy-origin').textContent()).toBe('Project p1');
  const denied = await authorize(pageB, WRITE);
  expect(denied.outcome.allowed).toBe(false);
  expect(denied.decision).toMatchObject({ decision: 'deny', mode: 'allow', policy_ids: ['no-file-writes-in-p1'] });
  // The personal forbid of the test before stayed on A.
  expect(
    await pageB.evaluate(() => window.arw!.policies.store.get('no-example-com-for-the-page-reader')),
  ).toBeUndefined();
});

test('by keyboard: Edit opens the policy, Tab walks every field, Escape returns to Edit; Delete offers Undo, then removes', async () => {
  const page = fx.pageA;
  await openSection(page);
  const id = 'no-example-com-for-the-page-reader';
  const row = section(page).locator(`[data-testid="policy-row"][data-policy-id="${id}"]`);
  await row.getByRole('button', { name: /^Edit / }).focus();
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('policy-editor');
  await editor.waitFor();
  expect(await editor.getByLabel('Name', { exact: true }).inputValue()).toBe('No example.com for the page reader');
  expect(await editor.getByLabel('Policy (Cedar)').inputValue()).toBe(FORBID_FETCH);

  await editor.getByLabel('Name', { exact: true }).focus();
  const walked: string[] = [];
  for (let i = 0; i < 14; i++) {
    await page.keyboard.press('Tab');
    walked.push(
      await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const label = el?.closest('label')?.querySelector('span')?.textContent;
        return (
          label ?? el?.getAttribute('aria-label') ?? (el?.id === 'policy-text' ? 'Policy' : (el?.textContent ?? ''))
        );
      }),
    );
  }
  expect(walked).toEqual([
    'Applies to',
    'Example',
    'Insert example',
    'Policy',
    'Validate',
    'Save',
    'Cancel',
    'Tool',
    'Capability',
    'Scope',
    'Subject',
    'Project',
    'Mode',
    expect.any(String),
  ]);
  // Back inside the editor (the last Tab left it), Escape closes it.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Escape');
  await expect.poll(() => page.getByTestId('policy-editor').count()).toBe(0);
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
    .toBe('Edit No example.com for the page reader');

  const removed = () =>
    page.evaluate(
      async () => (await window.arw!.journal.query({ kindPrefixes: ['policies.removed'], limit: 10 })).events,
    );
  await row.getByRole('button', { name: /^Delete / }).click();
  await expect.poll(() => row.count()).toBe(0);
  const undo = page.getByTestId('policy-undo').getByRole('button', { name: /^Undo delete / });
  await undo.click();
  await row.waitFor();
  expect(await removed()).toEqual([]);
  await row.getByRole('button', { name: /^Delete / }).click();
  await expect.poll(async () => (await removed()).length, { timeout: 15_000 }).toBe(1);
  expect(await page.evaluate((id) => window.arw!.policies.store.get(id), id)).toBeUndefined();
  expect(await row.count()).toBe(0);
});

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const SCHEMES = ['dark', 'light'] as const;

test.each(SIZES.flatMap((size) => SCHEMES.map((scheme) => ({ ...size, scheme }))))(
  'at $name size in the $scheme theme the section with the editor showing errors has no axe violations and no sideways scroll',
  async (size) => {
    const page = fx.pageA;
    await page.emulateMedia({ colorScheme: size.scheme });
    await page.setViewportSize({ width: size.width, height: size.height });
    await openSection(page);
    await page.waitForFunction((theme) => document.documentElement.dataset.theme === theme, size.scheme);
    await section(page).getByRole('button', { name: 'New policy' }).click();
    const editor = page.getByTestId('policy-editor');
    await editor.getByRole('button', { name: 'Insert example' }).click();
    await editor.getByRole('button', { name: 'Validate' }).click();
    await expect.poll(() => editor.locator('#policy-status').textContent(), { timeout: 30_000 }).toMatch(/^Valid/);
    await editor.getByLabel('Policy (Cedar)').fill(BROKEN);
    await editor.getByRole('button', { name: 'Validate' }).click();
    await editor.getByTestId('policy-errors').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => editor.getByTestId('policy-verdict').textContent(), { timeout: 15_000 })
      .toContain('left out');
    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const scope = document.querySelector('[data-testid="policies"]')!;
      const result = await (window as AxeWindow).axe!.run(scope, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    expect(violations).toEqual([]);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
    expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: null });
  },
);
