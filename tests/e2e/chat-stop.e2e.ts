/**
 * Stop and Regenerate on real inference: the shipped tiny model in the inference worker
 * (onnxruntime-web, WASM) in headless chromium. The tiny model writes a whole reply in a
 * few tens of milliseconds, faster than a Stop can reach the worker, so Stop is pressed
 * the moment the reply starts (before the model's tokens): the episode ends
 * `episode.canceled`, nothing streams after it, the turn says "stopped", and Regenerate
 * runs the same prompt again as a new episode that completes. Aborting mid-stream inside
 * the worker is covered by workers/inference/onnx-char-adapter.test.ts (the same api over the real
 * onnxruntime-web) and by tests/e2e/chat-openai.e2e.ts (a slow server).
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();

interface Logged {
  id: string;
  kind: string;
  corr_id: string;
  payload: Record<string, unknown>;
}

/** Every episode (by corr_id) whose `episode.started` input is `input`, oldest first, with its events. */
function episodesFor(page: Page, input: string): Promise<{ corr: string; events: Logged[] }[]> {
  return page.evaluate(async (text) => {
    const arw = window.arw!;
    const started = ((await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 100 })).events as Logged[])
      .filter((e) => e.payload.input === text)
      // Oldest first (ids are ULIDs).
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    return Promise.all(
      started.map(async (e) => ({
        corr: e.corr_id,
        events: (await arw.journal.query({ corrId: e.corr_id, limit: 1000 })).events as Logged[],
      })),
    );
  }, input);
}

const ended = (events: Logged[]) =>
  events.find((e) => e.kind === 'episode.completed' || e.kind === 'episode.canceled' || e.kind === 'episode.failed');

test('Stop cancels the tiny model’s reply (episode.canceled, nothing streams after); Regenerate answers the same prompt again', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/chat');
  await page.locator('[data-testid="model-label"][data-model-id="arw-tiny-char"]').waitFor({ timeout: 60_000 });
  const prompt = 'Tell me what the journal keeps and why it matters.';

  // Click Stop from inside the page the moment the reply starts, and record any text that arrives after it.
  await page.evaluate(() => {
    const w = window as unknown as { stoppedAt?: string; afterStop: string[] };
    w.afterStop = [];
    new MutationObserver(() => {
      const running = document.querySelector('[data-testid="assistant-message"][data-status="running"]');
      const text = running?.querySelector('[data-testid="reply-text"]')?.textContent ?? '';
      if (w.stoppedAt === undefined && running) {
        w.stoppedAt = text;
        document.querySelector<HTMLButtonElement>('.composer button.danger')?.click();
      } else if (w.stoppedAt !== undefined && running && text !== w.stoppedAt) {
        w.afterStop.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Message').fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();

  await expect
    .poll(async () => (await episodesFor(page, prompt)).map((run) => ended(run.events)?.kind), {
      timeout: 60_000,
      interval: 200,
    })
    .toEqual(['episode.canceled']);
  const [stopped] = await episodesFor(page, prompt);
  const canceled = ended(stopped!.events)!;
  expect(canceled.payload.reason).toMatch(/stopped/);
  // Nothing was journaled as the reply and nothing streamed into the turn after Stop.
  const streamed = stopped!.events
    .filter((e) => e.kind === 'tokens.out')
    .reduce((n, e) => n + Number(e.payload.count ?? 0), 0);
  const afterStop = await page.evaluate(() => (window as unknown as { afterStop: string[] }).afterStop);
  expect(afterStop).toEqual([]);
  expect(streamed).toBe(0);
  const turn = page.locator(`article[data-corr-id="${stopped!.corr}"] [data-testid="assistant-message"]`);
  await expect.poll(() => turn.getAttribute('data-status')).toBe('canceled');
  expect(await turn.textContent()).toContain('(stopped)');
  // Send is back; the model is still loaded and usable.
  await expect.poll(() => page.getByRole('button', { name: 'Send' }).isVisible()).toBe(true);
  expect(await page.getByTestId('model-label').getAttribute('data-model-id')).toBe('arw-tiny-char');

  // Regenerate: the same prompt as a new episode, which runs to its end this time.
  await page.getByRole('button', { name: 'Regenerate' }).click();
  await expect
    .poll(async () => (await episodesFor(page, prompt)).map((run) => ended(run.events)?.kind), {
      timeout: 60_000,
      interval: 200,
    })
    .toEqual(['episode.canceled', 'episode.completed']);
  const [, again] = await episodesFor(page, prompt);
  expect(again!.corr).not.toBe(stopped!.corr);
  const completed = ended(again!.events)!;
  expect(completed.payload).toMatchObject({ ttft_ms: expect.any(Number), tokens_per_s: expect.any(Number) });
  const reply =
    (await page.locator(`article[data-corr-id="${again!.corr}"] [data-testid="assistant-message"]`).textContent()) ??
    '';
  expect(reply).toMatch(/[a-z]{2,}/i);
  // The sidecar shows the new episode's time to first token and tokens/s.
  await expect
    .poll(async () => (await page.locator('aside').textContent()) ?? '', { timeout: 10_000 })
    .toMatch(/tok\/s/);
});
