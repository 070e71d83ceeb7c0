/**
 * The spine end to end: a probe episode run from Chat lands in the IndexedDB journal,
 * shows in the sidecar and in Debug (with its waterfall), and persists across reload.
 */
import { expect, test } from 'vitest';
import { openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();

const EXPECTED_SEQUENCE = [
  'episode.started',
  'obs.recorded',
  'beliefs.updated',
  'intents.proposed',
  'tokens.in',
  'tokens.out',
  'actions.taken',
  'episode.completed',
];

test('a probe episode from Chat is journaled, shown in the sidecar and Debug, and survives reload', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  // The tiny model is the default; this test is about the probe agent.
  await page.getByLabel('Model').selectOption('probe');
  await expect
    .poll(() =>
      page
        .getByText(/probe agent/i)
        .first()
        .isVisible(),
    )
    .toBe(true);

  await page.getByLabel('Message').fill('hello there');
  await page.getByRole('button', { name: 'Send' }).click();

  const reply = page.getByTestId('assistant-message').last();
  await reply.waitFor();
  await expect
    .poll(async () => (await reply.textContent())?.trim().length ?? 0, { timeout: 15_000 })
    .toBeGreaterThan(5);

  // The journal has the whole sequence for one corr_id.
  const kinds = async () =>
    page.evaluate(async () => {
      const { events } = await window.arw!.journal.query({ kindPrefixes: ['episode.started'], limit: 1 });
      const corr = events[0].corr_id as string;
      const page = await window.arw!.journal.query({ corrId: corr, limit: 1000 });
      return {
        corr,
        kinds: (page.events as { kind: string; seq: number }[]).sort((a, b) => a.seq - b.seq).map((e) => e.kind),
      };
    });
  await expect.poll(async () => (await kinds()).kinds.at(-1), { timeout: 15_000 }).toBe('episode.completed');
  const { corr, kinds: recorded } = await kinds();
  expect([...new Set(recorded)]).toEqual(EXPECTED_SEQUENCE);

  // The sidecar shows this episode's timeline (it is selected after sending).
  const sidecar = page.getByRole('complementary', { name: 'Sidecar' });
  await expect
    .poll(() => sidecar.locator('[data-testid="timeline-item"][data-kind="episode.completed"]').count())
    .toBeGreaterThan(0);
  for (const kind of ['obs.recorded', 'beliefs.updated', 'intents.proposed', 'actions.taken']) {
    expect(await sidecar.locator(`[data-testid="timeline-item"][data-kind="${kind}"]`).count(), kind).toBeGreaterThan(
      0,
    );
  }

  // Debug lists the episode as completed; its details include a waterfall.
  await page.goto(`${fx.server.url}/#/debug`);
  await waitForApp(page);
  const row = page.locator(`[data-testid="episode-row"][data-corr-id="${corr}"]`);
  await row.waitFor();
  expect(await row.textContent()).toMatch(/completed/i);
  await row.click();
  await expect
    .poll(() => page.locator('[data-testid="waterfall"] svg, svg[data-testid="waterfall"]').count())
    .toBeGreaterThan(0);
  await expect.poll(() => page.getByTestId('truth-row').count()).toBeGreaterThan(0);

  // Reload: the episode is still there (IndexedDB).
  await page.reload();
  await waitForApp(page);
  await page.locator(`[data-testid="episode-row"][data-corr-id="${corr}"]`).waitFor();
});

test('invalid events are rejected with the field named, and nothing of their batch is written', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/debug');
  const result = await page.evaluate(async () => {
    const arw = window.arw!;
    const before = await arw.journal.count();
    const good = arw.make('obs.recorded', { source: 'e2e', text: 'fine' });
    const bad = { ...arw.make('tokens.in', { count: 1 }), payload: { count: 'lots' } };
    let message = '';
    try {
      await arw.journal.appendBatch([good, bad]);
    } catch (error) {
      message = String((error as Error).message);
    }
    return { before, after: await arw.journal.count(), message };
  });
  expect(result.message).toContain('payload.count');
  expect(result.after).toBe(result.before);
});
