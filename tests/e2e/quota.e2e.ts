/**
 * A full disk: Chromium's quota is lowered through the DevTools protocol until real
 * IndexedDB writes fail with QuotaExceededError. The app shows the error, turns the
 * journal read-only, and loses nothing that was already stored.
 */
import { expect, test } from 'vitest';
import { appendInPage } from '../support/arw-page';
import { waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();

test('quota exceeded → visible error, read-only journal, stored events kept', async () => {
  // An 8 MB "disk" for this origin, set before the app first loads.
  const page = await fx.browser.context.newPage();
  const cdp = await fx.browser.context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: fx.server.url, quotaSize: 8 * 1024 * 1024 });
  await page.goto(`${fx.server.url}/#/debug`);
  await waitForApp(page);
  const storedBefore = await appendInPage(page, { count: 200, tag: 'quota-before' });

  const outcome = await page.evaluate(async () => {
    const arw = window.arw!;
    // Random text: IndexedDB compresses values, so repeated characters would not fill the disk.
    const big = () =>
      Array.from(crypto.getRandomValues(new Uint8Array(45_000)), (b) => b.toString(16).padStart(2, '0')).join('');
    for (let i = 0; i < 200; i++) {
      try {
        await arw.journal.appendBatch(
          [1, 2, 3, 4].map((n) =>
            arw.make('obs.recorded', { source: 'e2e', text: `${n}${big()}` }, { corr_id: 'e2e-quota-fill' }),
          ),
        );
      } catch (error) {
        return { code: (error as { code?: string }).code, status: arw.journal.status(), at: i };
      }
    }
    return { code: 'none', status: arw.journal.status(), at: -1 };
  });
  expect(outcome.code).toBe('journal-quota-exceeded');
  expect(outcome.status).toBe('read-only');

  // Visible, in plain words.
  const alert = page.getByRole('alert').filter({ hasText: /out of storage/i });
  await alert.first().waitFor();

  // Further appends are refused without touching the database; reads still work.
  const after = await page.evaluate(async () => {
    const arw = window.arw!;
    let code = '';
    try {
      await arw.journal.append(arw.make('obs.recorded', { source: 'e2e', text: 'small' }));
    } catch (error) {
      code = (error as { code: string }).code;
    }
    const tail = await arw.journal.tail(5);
    return { code, tailLength: tail.length };
  });
  expect(after.code).toBe('journal-read-only');
  expect(after.tailLength).toBe(5);

  // Restore the quota and reload: everything stored before the failure is there.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: fx.server.url });
  await page.reload();
  await waitForApp(page);
  const ids = await page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({ corrId: 'e2e-quota-before', limit: 1000 });
    return (events as { id: string }[]).map((e) => e.id);
  });
  expect(new Set(ids)).toEqual(new Set(storedBefore));
});
