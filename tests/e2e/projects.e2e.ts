/**
 * Issue 12 item 2: projects in Hub. With the keyboard: create a project (the id comes
 * from its name), rename it, archive and unarchive it, and Chat's project picker
 * follows. "Share with <server>" on a project adds it to that pairing once the server
 * says the token covers it, and the events written before sharing reach the server; a
 * token that does not cover it gets a plain-words refusal and the project is not marked
 * shared. An agent attached on another device shows that device's name, never its id.
 * axe finds nothing on Hub at desktop and phone size.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openApp, waitForApp, type TestBrowser } from '../support/browser';
import { screenshotOnFailure } from '../support/failure-screenshots';
import { startServer, type TestServer } from '../support/server';
import { ADMIN, createSyncToken, pairInPage } from './sync-helpers';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type A11yWindow = Window & { axe?: typeof import('axe-core') };

let server: TestServer;
let deviceA: TestBrowser;
let deviceB: TestBrowser | undefined;
let page: Page;
let host: string;

beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  host = new URL(server.url).host;
  deviceA = await launchBrowser();
  page = await openApp(deviceA.context, server.url, '/#/hub');
});
screenshotOnFailure(() => [deviceA?.context, deviceB?.context]);
afterAll(async () => {
  await deviceB?.close();
  await deviceA?.close();
  await server?.close();
});

const row = (p: Page, id: string, archived = false) =>
  p.locator(`[data-testid="project-row"][data-project-id="${id}"][data-archived="${archived}"]`);
const activeIds = (p: Page) =>
  p.evaluate(() =>
    [...document.querySelectorAll('[data-testid="project-row"][data-archived="false"]')].map((el) =>
      el.getAttribute('data-project-id'),
    ),
  );
/** The label Chat's picker shows per project id. */
const pickerOptions = (p: Page) =>
  p.evaluate(() =>
    [...document.querySelectorAll<HTMLOptionElement>('[data-testid="project-picker"] option')].map((o) => [
      o.value,
      o.textContent,
    ]),
  );
const focused = (p: Page) =>
  p.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.getAttribute('aria-label') ?? el?.getAttribute('name') ?? el?.id ?? el?.tagName;
  });
/** Presses Enter on the element named `label` after moving focus to it (a keyboard user's Tab). */
async function activate(p: Page, label: string) {
  // One locator action (focus, then Enter on that element): a row re-rendered between a
  // separate focus() and keyboard.press() left focus on <body> and the Enter went nowhere.
  await p.getByRole('button', { name: label, exact: true }).press('Enter');
}
async function go(p: Page, view: string) {
  await p.evaluate((v) => (location.hash = `#/${v}`), view);
  await p.locator(`main[data-route="${view}"]`).waitFor();
}

describe('projects in Hub', () => {
  test('create, rename, archive and unarchive with the keyboard; the Chat picker follows', async () => {
    await page.getByLabel('New project').focus();
    await page.keyboard.type('Garden plans');
    await page.keyboard.press('Enter');
    await row(page, 'garden-plans').waitFor();
    expect(await row(page, 'garden-plans').getByTestId('project-name').textContent()).toBe('Garden plans');
    expect(await focused(page)).toBe('project-name');

    // The same name again, and no name: plain words, nothing created.
    await page.keyboard.type('garden PLANS');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('project-create-error').textContent())
      .toBe('A project called “Garden plans” exists already; pick another name.');
    await page.getByLabel('New project').fill('   ');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('project-create-error').textContent()).toMatch(/^Give the project a name/);
    expect(await activeIds(page)).toEqual(['garden-plans']);

    await page.getByLabel('New project').fill('Kitchen');
    await page.keyboard.press('Enter');
    await row(page, 'kitchen').waitFor();

    // Rename: Enter opens the field with focus in it; Esc leaves the name; Enter saves and focus returns.
    await activate(page, 'Rename Garden plans');
    expect(await focused(page)).toBe('project-rename');
    await page.keyboard.type('Nope');
    await page.keyboard.press('Escape');
    await expect.poll(() => focused(page)).toBe('Rename Garden plans');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Allotment');
    await page.keyboard.press('Enter');
    await expect.poll(() => row(page, 'garden-plans').getByTestId('project-name').textContent()).toBe('Allotment');
    await expect.poll(() => focused(page)).toBe('Rename Allotment');
    expect(await activeIds(page)).toEqual(['garden-plans', 'kitchen']);

    await go(page, 'chat');
    await expect
      .poll(() => pickerOptions(page))
      .toEqual([
        ['', 'Personal — stays on this device'],
        ['garden-plans', 'Allotment — not shared'],
        ['kitchen', 'Kitchen — not shared'],
      ]);

    // Archive: the project moves to the Archived disclosure (focus goes there) and leaves the pickers.
    await go(page, 'hub');
    await activate(page, 'Archive Kitchen');
    await row(page, 'kitchen', true).waitFor({ state: 'attached' });
    await expect.poll(() => focused(page)).toBe('hub-archived-summary');
    expect(await page.locator('#hub-archived-summary').textContent()).toBe('Archived projects (1)');
    expect(await activeIds(page)).toEqual(['garden-plans']);
    await go(page, 'chat');
    await expect
      .poll(() => pickerOptions(page))
      .toEqual([
        ['', 'Personal — stays on this device'],
        ['garden-plans', 'Allotment — not shared'],
      ]);

    // Unarchive from the disclosure: Enter opens it, then the Unarchive button.
    await go(page, 'hub');
    await page.locator('#hub-archived-summary').focus();
    await page.keyboard.press('Enter');
    await activate(page, 'Unarchive Kitchen');
    await row(page, 'kitchen').waitFor();
    expect(await activeIds(page)).toEqual(['garden-plans', 'kitchen']);
    await go(page, 'chat');
    await expect.poll(() => pickerOptions(page)).toContainEqual(['kitchen', 'Kitchen — not shared']);

    const kinds = await page.evaluate(async () =>
      (await window.arw!.journal.query({ kindPrefixes: ['projects.'], limit: 50 })).events
        .map((e) => `${e.kind} ${e.project_id}`)
        .reverse(),
    );
    expect(kinds).toEqual([
      'projects.created garden-plans',
      'projects.created kitchen',
      'projects.renamed garden-plans',
      'projects.archived kitchen',
      'projects.archived kitchen',
    ]);
  });

  test('share with a paired server: covered → its events reach the server; not covered → plain words, not shared', async () => {
    const token = await createSyncToken(server.url, ['p1', 'garden-plans']);
    await pairInPage(page, server.url, token, 'p1');
    await go(page, 'hub');
    // Written before sharing: must reach the server once shared.
    const before = await page.evaluate(async () => {
      const arw = window.arw!;
      const event = arw.make('obs.recorded', { source: 'e2e', text: 'before sharing' }, { project_id: 'garden-plans' });
      await arw.journal.append(event);
      return event.id;
    });

    await activate(page, `Share with ${host}: Kitchen`);
    await expect
      .poll(() => row(page, 'kitchen').getByTestId('project-error').textContent(), { timeout: 10_000 })
      .toBe(
        `${host}'s token does not cover project Kitchen; ask its admin for a token that includes it (project id kitchen).`,
      );
    expect(await row(page, 'kitchen').getByTestId('project-sharing').textContent()).toBe('On this device only');
    expect(await page.evaluate(() => window.arw!.sync.snapshot().links[0]?.projects)).toEqual(['p1']);

    await activate(page, `Share with ${host}: Allotment`);
    await expect
      .poll(() => row(page, 'garden-plans').getByTestId('project-sharing').textContent(), { timeout: 15_000 })
      .toBe(`Shared with ${host} (in sync)`);
    expect(
      await row(page, 'garden-plans')
        .getByRole('button', { name: `Share with ${host}: Allotment` })
        .count(),
    ).toBe(0);

    const onServer = async () => {
      const res = await fetch(`${server.url}/events/tail?n=100&project=garden-plans`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      return ((await res.json()) as { items: { id: string; kind: string }[] }).items;
    };
    await expect
      .poll(async () => (await onServer()).map((e) => e.kind).sort(), { timeout: 15_000 })
      .toEqual(['obs.recorded', 'projects.created', 'projects.renamed']);
    expect((await onServer()).map((e) => e.id)).toContain(before);
    const kitchen = await fetch(`${server.url}/events/tail?n=100&project=kitchen`, {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(((await kitchen.json()) as { items: unknown[] }).items).toEqual([]);

    // Stop sharing: p1 leaves the pairing; Allotment, now its only project, stays (unpairing is the way).
    await activate(page, `Stop sharing with ${host}: p1`);
    await expect
      .poll(() => page.evaluate(() => window.arw!.sync.snapshot().links[0]?.projects))
      .toEqual(['garden-plans']);
    await activate(page, `Stop sharing with ${host}: Allotment`);
    await expect
      .poll(() => row(page, 'garden-plans').getByTestId('project-error').textContent())
      .toBe(
        `Allotment is the only project ${host} shares with this device; to stop, unpair that server in Settings → Devices.`,
      );
    await expect
      .poll(() => row(page, 'garden-plans').getByTestId('project-sharing').textContent(), { timeout: 15_000 })
      .toBe(`Shared with ${host} (in sync)`);

    await go(page, 'chat');
    await expect.poll(() => pickerOptions(page)).toContainEqual(['garden-plans', `Allotment — shared with ${host}`]);
  });

  test('an agent attached on another device shows that device’s name, never its id', async () => {
    await page.evaluate(() => window.arw!.collab.setName('Laptop'));
    await go(page, 'hub');
    // Open makes it the current project (the one Chat and the Project card use); focus stays in its row.
    await activate(page, 'Open Allotment');
    await expect.poll(() => page.evaluate(() => window.arw!.project.current())).toBe('garden-plans');
    await expect.poll(() => focused(page)).toBe('Rename Allotment');
    const token = await createSyncToken(server.url, ['garden-plans']);
    deviceB = await launchBrowser();
    const pageB = await openApp(deviceB.context, server.url, '/#/hub');
    await pairInPage(pageB, server.url, token, 'garden-plans');
    await pageB.evaluate(() => (window.arw!.collab.setName('Phone'), window.arw!.project.set('garden-plans')));
    // B learns the project's name from A's events, through the server.
    await expect
      .poll(() => pageB.getByTestId('project-doc-state').textContent(), { timeout: 15_000 })
      .toBe('Allotment — shared · connected');
    const listB = pageB.getByTestId('attached-agents');
    await listB.getByLabel('Agent to attach').selectOption('probe');
    await listB.getByRole('button', { name: 'Attach agent' }).click();

    const byOnA = () =>
      page.evaluate(
        () =>
          document.querySelector('[data-testid="attached-agent"][data-agent-id="probe"] [data-testid="attached-by"]')
            ?.textContent ?? null,
      );
    await expect.poll(byOnA, { timeout: 15_000 }).toBe('attached by Phone');
    const byOnB = () =>
      pageB.evaluate(
        () =>
          document.querySelector('[data-testid="attached-agent"][data-agent-id="probe"] [data-testid="attached-by"]')
            ?.textContent ?? null,
      );
    await expect.poll(byOnB, { timeout: 10_000 }).toBe('attached by Phone (this device)');
    expect(await page.getByTestId('attached-agents').textContent()).not.toMatch(/device:/);
    await deviceB.close();
    deviceB = undefined;
    // Gone from presence, the name stored with the attachment still shows.
    await page.reload();
    await waitForApp(page);
    await expect.poll(byOnA, { timeout: 15_000 }).toBe('attached by Phone');
  });

  test.each([
    { name: 'desktop', width: 1280, height: 800 },
    { name: 'phone', width: 390, height: 844 },
  ])(
    'Hub with projects, a share refusal, an open rename and the archived disclosure has no axe violations at $name size',
    async (size) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await go(page, 'hub');
      if ((await row(page, 'old-notes', true).count()) === 0) {
        await page.getByLabel('New project').fill('Old notes');
        await page.keyboard.press('Enter');
        await activate(page, 'Archive Old notes');
        await row(page, 'old-notes', true).waitFor({ state: 'attached' });
      }
      await page.evaluate(() => (document.querySelector<HTMLDetailsElement>('details.project-archived')!.open = true));
      await activate(page, `Share with ${host}: Kitchen`);
      await row(page, 'kitchen').getByTestId('project-error').waitFor();
      await activate(page, 'Rename Allotment');
      await page.evaluate(AXE);
      const violations = await page.evaluate(async () => {
        const result = await (window as A11yWindow).axe!.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
      const fits = await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);
      expect(fits, 'Hub scrolls sideways').toBe(true);
      await page.keyboard.press('Escape');
    },
  );
});
