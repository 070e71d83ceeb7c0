/**
 * Issue 3, item 2 (notes and attached agents): two devices paired with one server share
 * project p1's document (`p1/project`). Notes typed in Hub on A appear on B and edits
 * from both merge; an agent attached on B shows on A and a detach on A reaches B; a
 * personal project's document stays on the device.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { usePairedDevices } from './sync-helpers';

const notes = (page: Page) => page.getByTestId('project-notes').inputValue();
const docState = (page: Page) => page.getByTestId('project-doc-state').textContent();
const attached = (page: Page) =>
  page.getByTestId('attached-agent').evaluateAll((items) => items.map((item) => item.getAttribute('data-agent-id')));

const fx = usePairedDevices('/#/hub', (page) =>
  page.getByTestId('project-doc-state').filter({ hasText: 'p1 — shared · connected' }).waitFor({ timeout: 10_000 }),
);

test('notes typed on A appear on B, and B’s edit at the start merges with A’s typing at the end', async () => {
  expect(await fx.pageA.getByLabel('Project notes').count()).toBe(1);
  await fx.pageA.getByTestId('project-notes').pressSequentially('ship the beta');
  await expect.poll(() => notes(fx.pageB), { timeout: 10_000 }).toBe('ship the beta');

  const areaB = fx.pageB.getByTestId('project-notes');
  await areaB.focus();
  await areaB.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
  await fx.pageB.keyboard.type('TODO: ');
  await fx.pageA.getByTestId('project-notes').press('End');
  await fx.pageA.keyboard.type(' on friday');
  const both = 'TODO: ship the beta on friday';
  await expect.poll(() => notes(fx.pageA), { timeout: 10_000 }).toBe(both);
  await expect.poll(() => notes(fx.pageB), { timeout: 10_000 }).toBe(both);
});

test('an agent attached on B shows on A; detaching it on A removes it on B', async () => {
  const attachedList = fx.pageB.getByTestId('attached-agents');
  await attachedList.getByLabel('Agent to attach').selectOption('probe');
  await attachedList.getByRole('button', { name: 'Attach agent' }).click();
  await expect.poll(() => attached(fx.pageA), { timeout: 10_000 }).toEqual(['probe']);
  expect(await fx.pageA.getByTestId('attached-agent').textContent()).toContain('Probe agent');

  await fx.pageA.getByTestId('attached-agents').getByRole('button', { name: 'Detach Probe agent' }).click();
  await expect.poll(() => attached(fx.pageB), { timeout: 10_000 }).toEqual([]);
});

test('personal work has its own document that is not relayed', async () => {
  await fx.pageA.evaluate(() => window.arw!.project.set(undefined));
  await expect.poll(() => docState(fx.pageA), { timeout: 10_000 }).toBe('Personal — on this device only');
  await expect.poll(() => notes(fx.pageA), { timeout: 10_000 }).toBe('');
  await fx.pageA.getByTestId('project-notes').pressSequentially('private');
  await fx.pageA.evaluate(() => window.arw!.project.set('p1'));
  await expect.poll(() => docState(fx.pageA), { timeout: 10_000 }).toBe('p1 — shared · connected');
  await expect.poll(() => notes(fx.pageA), { timeout: 10_000 }).toBe('TODO: ship the beta on friday');
  expect(await notes(fx.pageB)).toBe('TODO: ship the beta on friday');
});
