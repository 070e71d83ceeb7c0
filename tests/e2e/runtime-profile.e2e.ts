/**
 * Runtime profiles in headless chromium (issue 5, item 3): after one chat the tiny model
 * is warm in Settings → Runtime; choosing Power saver with the keyboard journals
 * `runtime.profile.changed` (with the previous profile), reloads the warm model onto the
 * profile's runtime, and Chat still generates, within the profile's reply length. The
 * choice survives a reload.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();

type Logged = { kind: string; corr_id?: string; payload: Record<string, unknown> };

const journalOf = (page: Page, prefixes: string[]) =>
  page.evaluate(
    async (kindPrefixes) => (await window.arw!.journal.query({ kindPrefixes, limit: 200 })).events as Logged[],
    prefixes,
  );

/** Sends `text` from Chat and resolves with its episode.completed payload and its tokens.out chunks. */
async function chatOnce(page: Page, text: string) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  const completed = () =>
    page.evaluate(async (input) => {
      const arw = window.arw!;
      const { events } = await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 50 });
      const started = (events as Logged[]).find((e) => e.payload.input === input);
      if (!started) return undefined;
      const all = (await arw.journal.query({ corrId: started.corr_id, limit: 1000 })).events as Logged[];
      const done = all.find((e) => e.kind === 'episode.completed');
      return done
        ? { completed: done.payload, chunks: all.filter((e) => e.kind === 'tokens.out').map((e) => e.payload) }
        : undefined;
    }, text);
  await expect.poll(completed, { timeout: 90_000, interval: 250 }).toBeDefined();
  return (await completed())!;
}

async function openRuntime(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('runtime-section');
  await section.waitFor();
  return section;
}

async function openChat(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await page.locator('[data-testid="model-label"][data-model-id="arw-tiny-char"]').waitFor({ timeout: 60_000 });
}

test('Power saver from Settings is journaled, reloads the warm tiny model, and Chat still generates on it', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await page.locator('[data-testid="model-label"][data-model-id="arw-tiny-char"]').waitFor({ timeout: 60_000 });
  const first = await chatOnce(page, 'What does the pool keep warm?');
  expect(first.completed.tokens_out as number).toBeGreaterThan(0);

  // The model used by the chat is warm in the pool, idle, with its size and the balanced budget.
  const section = await openRuntime(page);
  const engine = section.locator('[data-testid="runtime-engine"][data-engine-id="arw-tiny-char"]');
  await engine.waitFor({ timeout: 30_000 });
  expect(await engine.getAttribute('data-phase')).toBe('ready');
  expect(await engine.getByTestId('runtime-engine-load').textContent()).toBe('0 / 0');
  expect(await engine.textContent()).toMatch(/442 KB/);
  expect(await section.getByTestId('runtime-budget').textContent()).toMatch(
    /Memory: 442 KB of .+ · up to 2 warm, 2 at once per model/,
  );
  const balanced = section.getByRole('radio', { name: /Balanced/ });
  expect(await balanced.isChecked()).toBe(true);

  // Keyboard: focus the checked radio, arrow down to the next profile.
  await balanced.focus();
  await page.keyboard.press('ArrowDown');
  expect(await section.getByRole('radio', { name: /Power saver/ }).isChecked()).toBe(true);

  await expect
    .poll(async () => (await journalOf(page, ['runtime.profile.changed'])).map((e) => e.payload), { timeout: 30_000 })
    .toContainEqual({ profile: 'power-saver', previous: 'balanced', reason: 'chosen in Settings', automatic: false });
  // The warm model reloaded with power-saver's runtime (WASM, the GPU left idle), and that is journaled too.
  await expect
    .poll(
      async () =>
        (await journalOf(page, ['runtime.health']))
          .map((e) => String(e.payload.detail ?? ''))
          .find((d) => d.startsWith('reloaded for the power-saver profile')),
      { timeout: 30_000 },
    )
    .toMatch(/WASM, \d threads? — the power-saver profile keeps the GPU idle/);
  await expect.poll(() => engine.textContent(), { timeout: 30_000 }).toMatch(/power-saver profile keeps the GPU idle/);
  expect(await section.getByTestId('runtime-budget').textContent()).toMatch(/up to 1 warm, 1 at once per model/);

  // Chat still generates, now within power-saver's default reply length and its larger token batches.
  await openChat(page);
  const second = await chatOnce(page, 'Does it still answer on power saver?');
  expect(second.completed.tokens_out as number).toBeGreaterThan(0);
  expect(second.completed.tokens_out as number).toBeLessThanOrEqual(24);
  for (const chunk of second.chunks) expect(chunk.count as number).toBeLessThanOrEqual(16);

  // The choice is remembered by this device.
  await page.reload();
  await waitForApp(page);
  const again = await openRuntime(page);
  expect(await again.getByRole('radio', { name: /Power saver/ }).isChecked()).toBe(true);
  expect(await page.evaluate(() => window.arw!.runtime.governor.profile())).toBe('power-saver');
});
