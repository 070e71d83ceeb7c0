/**
 * Permissions end to end (issue 11 item 5): a grant from Settings → Permissions is a
 * lease the sidecar's policy lane shows with its time left; Revoke ends it (journal:
 * leases.created then leases.revoked); a 2 s lease ends by itself with leases.expired;
 * a never rule shows in the never-list and Remove clears it.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import type { StoredEvent } from '../../core/journal/types';
import type { Authorization } from '../../core/policy/types';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import type { EventOf } from '../support/page-api';

const fx = useAppFixture();

/** The test's pending `authorize` call, parked on the page while the prompt waits for an answer. */
type PromptWindow = Window & { __authorized?: Promise<Authorization> };
type LeaseEnded = EventOf<'leases.revoked'> | EventOf<'leases.expired'>;

const leaseEvents = (page: Page) =>
  page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ kindPrefixes: ['leases.'], limit: 1000 });
    return (events as (EventOf<'leases.created'> | LeaseEnded)[]).sort((a, b) => a.seq - b.seq);
  });

/** Resolves when the journal holds an event of `kind` for `leaseId` (already there or arriving). */
const journalEvent = <K extends LeaseEnded['kind']>(page: Page, kind: K, leaseId: string) =>
  page.evaluate(
    ({ kind, leaseId }) =>
      new Promise<LeaseEnded>((resolve) => {
        const journal = window.arw!.journal;
        const settle = (events: readonly StoredEvent[]) => {
          const found = (events as LeaseEnded[]).find((e) => e.kind === kind && e.payload.lease_id === leaseId);
          if (!found) return;
          stop();
          resolve(found);
        };
        const stop = journal.subscribe(settle);
        void journal.query({ kindPrefixes: [kind], limit: 1000 }).then((page) => settle(page.events));
      }),
    { kind, leaseId },
  );

test('a grant from Settings is a lease in the sidecar with time left; Revoke ends it and the journal says so', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/settings');
  const section = page.getByTestId('permissions');
  await section.getByLabel('Capability').selectOption('net:http');
  await section.getByLabel('Scope').fill('not a host!');
  await section.getByRole('button', { name: 'Grant' }).click();
  await expect.poll(() => section.locator('#grant-scope-help').textContent()).toMatch(/is not a host name/);
  expect(await leaseEvents(page)).toEqual([]);

  await section.getByLabel('Scope').fill('example.com');
  await section.getByLabel('Duration').selectOption({ label: '15 min' });
  await section.getByRole('button', { name: 'Grant' }).click();

  const lane = page.getByTestId('policy-lane');
  const row = lane.getByTestId('lease');
  await row.waitFor();
  expect(await row.getAttribute('data-capability')).toBe('net:http');
  expect(await row.textContent()).toContain('net://example.com');
  expect(await row.getByTestId('lease-time-left').textContent()).toMatch(/^1[45] min left$/);
  expect(await section.getByTestId('lease-granted-by').textContent()).toBe('granted by this device');
  const leaseId = (await row.getAttribute('data-lease-id'))!;

  await lane.getByRole('button', { name: /^Revoke net:http net:\/\/example\.com/ }).click();
  await journalEvent(page, 'leases.revoked', leaseId);
  await expect.poll(() => lane.getByTestId('lease').count()).toBe(0);
  await expect.poll(() => section.getByTestId('lease').count()).toBe(0);
  const events = await leaseEvents(page);
  expect(events.map((e) => e.kind)).toEqual(['leases.created', 'leases.revoked']);
  expect(events[0]).toMatchObject({
    kind: 'leases.created',
    payload: { lease: { id: leaseId, subject: '*', scope: 'net://example.com' } },
  });
});

test('a lease of 2 s ends by itself: leases.expired is written and it leaves the lists', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/settings');
  const leaseId = await page.evaluate(
    async () => (await window.arw!.policy.grant({ capability: 'fs:read', scope: 'notes/*', ttl_secs: 2 })).id,
  );
  const lane = page.getByTestId('policy-lane');
  await lane.locator(`[data-lease-id="${leaseId}"]`).waitFor();
  const expired = await journalEvent(page, 'leases.expired', leaseId);
  expect(expired.payload).toEqual({ lease_id: leaseId });
  await expect.poll(() => lane.locator(`[data-lease-id="${leaseId}"]`).count()).toBe(0);
});

test('a never rule added through window.arw.policy shows in the never-list, and Remove clears it', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/settings');
  const section = page.getByTestId('permissions');
  await page.evaluate(() => window.arw!.policy.addNever({ capability: 'shell:exec' }));
  const rule = section.getByTestId('never-rule');
  await rule.waitFor();
  expect(await rule.textContent()).toMatch(/Never run commands on this device/);
  await section.getByRole('button', { name: 'Remove never shell:exec' }).click();
  await expect.poll(() => section.getByTestId('never-rule').count()).toBe(0);
  const kinds = await page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ kindPrefixes: ['policy.never.'], limit: 10 });
    return events.sort((a, b) => a.seq - b.seq).map((e) => e.kind);
  });
  expect(kinds).toEqual(['policy.never.added', 'policy.never.removed']);
  expect(await page.evaluate(() => window.arw!.policy.nevers())).toEqual([]);
});

test('at phone width a prompt is an inline card with 44 px answers, answered by keyboard: Allow 15 min makes a lease', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await page.setViewportSize({ width: 390, height: 800 });
  await page.evaluate(() => {
    const request = { capability: 'net:http', scope: 'net://example.org', subject: 'agent:chat', tool: 'http.fetch' };
    (window as PromptWindow).__authorized = window.arw!.policy.authorize({ ...request, corrId: 'e2e-prompt' });
  });
  await page.getByRole('button', { name: 'Sidecar' }).click();
  const card = page.getByTestId('approvals-lane').getByRole('group', { name: 'Permission request: http.fetch' });
  await card.waitFor();
  expect(await card.textContent()).toContain(
    'The chat agent wants to fetch pages from example.org (net://example.org)',
  );
  expect(await page.locator('[role="dialog"]').count()).toBe(0);
  for (const button of await card.getByRole('button').all()) {
    const label = (await button.textContent()) ?? '';
    const box = await button.boundingBox();
    if (!box) throw new Error(`the answer button "${label}" is not laid out`);
    expect(Math.min(box.width, box.height), label).toBeGreaterThanOrEqual(44);
  }
  await card.getByRole('button', { name: 'Allow 15 min' }).focus();
  await page.keyboard.press('Enter');
  const outcome = await page.evaluate(() => (window as PromptWindow).__authorized);
  expect(outcome).toMatchObject({ allowed: true });
  await expect.poll(() => card.count()).toBe(0);
  const lease = page.getByTestId('policy-lane').locator(`[data-lease-id="${outcome?.lease_id}"]`);
  await lease.waitFor();
  expect(await lease.getByTestId('lease-time-left').textContent()).toMatch(/^1[45] min left$/);
});
