/**
 * Issue 3, item 2 (notes and attached agents): two devices paired with one server share
 * project p1's document (`p1/project`). Notes typed in Hub on A appear on B and edits
 * from both merge; an agent attached on B shows on A and a detach on A reaches B; a
 * personal project's document stays on the device.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, openApp, waitForServiceWorker, type TestBrowser } from '../support/browser';
import { startServer, type TestServer } from '../support/server';
import { ADMIN, createSyncToken, pairInPage } from './sync-helpers';

let server: TestServer;
let deviceA: TestBrowser;
let deviceB: TestBrowser;
let pageA: Page;
let pageB: Page;

const notes = (page: Page) => page.getByTestId('project-notes').inputValue();
const docState = (page: Page) => page.getByTestId('project-doc-state').textContent();
const attached = (page: Page) => page.getByTestId('attached-agent').evaluateAll((items) => items.map((item) => item.getAttribute('data-agent-id')));

async function openDevice(device: TestBrowser, token: string, name: string): Promise<Page> {
  const page = await openApp(device.context, server.url, '/#/hub');
  await waitForServiceWorker(page);
  await pairInPage(page, server.url, token, 'p1');
  await page.evaluate((name) => ((window as any).arw.collab.setName(name), (window as any).arw.project.set('p1')), name);
  await page.getByTestId('project-doc-state').filter({ hasText: 'p1 — shared · connected' }).waitFor({ timeout: 10_000 });
  return page;
}

beforeAll(async () => {
  server = await startServer({ adminToken: ADMIN });
  [deviceA, deviceB] = await Promise.all([launchBrowser(), launchBrowser()]);
  const token = await createSyncToken(server.url, ['p1']);
  pageA = await openDevice(deviceA, token, 'Laptop');
  pageB = await openDevice(deviceB, token, 'Phone');
});
afterAll(async () => {
  await deviceA?.close();
  await deviceB?.close();
  await server?.close();
});

test('notes typed on A appear on B, and B’s edit at the start merges with A’s typing at the end', async () => {
  expect(await pageA.getByLabel('Project notes').count()).toBe(1);
  await pageA.getByTestId('project-notes').pressSequentially('ship the beta');
  await expect.poll(() => notes(pageB), { timeout: 10_000 }).toBe('ship the beta');

  const areaB = pageB.getByTestId('project-notes');
  await areaB.focus();
  await areaB.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
  await pageB.keyboard.type('TODO: ');
  await pageA.getByTestId('project-notes').press('End');
  await pageA.keyboard.type(' on friday');
  const both = 'TODO: ship the beta on friday';
  await expect.poll(() => notes(pageA), { timeout: 10_000 }).toBe(both);
  await expect.poll(() => notes(pageB), { timeout: 10_000 }).toBe(both);
});

test('an agent attached on B shows on A; detaching it on A removes it on B', async () => {
  const attachedList = pageB.getByTestId('attached-agents');
  await attachedList.getByLabel('Agent to attach').selectOption('probe');
  await attachedList.getByRole('button', { name: 'Attach agent' }).click();
  await expect.poll(() => attached(pageA), { timeout: 10_000 }).toEqual(['probe']);
  expect(await pageA.getByTestId('attached-agent').textContent()).toContain('Probe agent');

  await pageA.getByTestId('attached-agents').getByRole('button', { name: 'Detach Probe agent' }).click();
  await expect.poll(() => attached(pageB), { timeout: 10_000 }).toEqual([]);
});

test('personal work has its own document that is not relayed', async () => {
  await pageA.evaluate(() => (window as any).arw.project.set(undefined));
  await expect.poll(() => docState(pageA), { timeout: 10_000 }).toBe('Personal — on this device only');
  await expect.poll(() => notes(pageA), { timeout: 10_000 }).toBe('');
  await pageA.getByTestId('project-notes').pressSequentially('private');
  await pageA.evaluate(() => (window as any).arw.project.set('p1'));
  await expect.poll(() => docState(pageA), { timeout: 10_000 }).toBe('p1 — shared · connected');
  await expect.poll(() => notes(pageA), { timeout: 10_000 }).toBe('TODO: ship the beta on friday');
  expect(await notes(pageB)).toBe('TODO: ship the beta on friday');
});
