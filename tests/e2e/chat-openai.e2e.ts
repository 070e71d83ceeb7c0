/**
 * Models from a server on your network, in headless chromium (issue 5, items 2 and 6):
 * a loopback OpenAI-compatible server (tests/support/openai-server.ts) is added in
 * Settings → Model servers (fields checked, connection test, undo), picked in Chat as
 * `openai:<model>`, and its streamed reply lands in the UI and the journal; Stop ends a
 * slow stream (the server sees the connection closed); a wrong URL says why. The picker
 * also offers web-llm's models, disabled here with the "no WebGPU" reason.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openApp, waitForApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { FIXED_REPLY, startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';
import type { EventOf } from '../support/page-api';

const fx = useAppFixture();
let llm: OpenAiTestServer;
let page: Page;

beforeAll(async () => {
  llm = await startOpenAiServer();
});
afterAll(async () => llm?.close());

interface Logged {
  kind: string;
  corr_id: string;
  payload: Record<string, unknown>;
}

/** The episode whose `episode.started` input is `input`, with all its events. */
function episodeFor(page: Page, input: string): Promise<{ started: Logged; events: Logged[] } | undefined> {
  return page.evaluate(async (text) => {
    const arw = window.arw!;
    const started = (
      (await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 100 })).events as Logged[]
    ).find((e) => e.payload.input === text);
    if (!started) return undefined;
    return { started, events: (await arw.journal.query({ corrId: started.corr_id, limit: 1000 })).events as Logged[] };
  }, input);
}

const endOf = (events: Logged[]) =>
  events.find((e) => e.kind === 'episode.completed' || e.kind === 'episode.canceled' || e.kind === 'episode.error')
    ?.kind;

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByTestId('model-servers-section');
  await section.waitFor();
  return section;
}

async function openChat(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await page.getByTestId('model-label').waitFor();
}

const picker = (page: Page) => page.getByRole('combobox', { name: 'Model', exact: true });

/** Picks `id` in Chat's selector once it is offered and enabled, and waits until it is loaded. */
async function pick(page: Page, id: string) {
  const option = picker(page).locator(`option[value="${id}"]`);
  await expect.poll(() => option.count(), { timeout: 30_000 }).toBe(1);
  await expect
    .poll(async () => (await picker(page).isEnabled()) && !(await option.isDisabled()), { timeout: 60_000 })
    .toBe(true);
  await picker(page).selectOption(id);
  await page.locator(`[data-testid="model-label"][data-model-id="${id}"]`).waitFor({ timeout: 30_000 });
}

test('Settings → Model servers: invalid fields are named and nothing is stored; Test connection lists the models; a wrong URL says why', async () => {
  page = await openApp(fx.browser.context, fx.server.url, '/');
  const section = await openSettings(page);
  await section.getByTestId('servers-empty').waitFor();
  expect(await section.getByTestId('server-apiKey').getAttribute('type')).toBe('password');
  expect(await section.textContent()).toContain('stored only in this browser’s localStorage');

  await section.getByTestId('server-baseUrl').fill('ftp://192.168.1.20/');
  await section.getByRole('button', { name: 'Add server' }).click();
  await expect
    .poll(() => section.locator('[role="alert"][data-field="baseUrl"]').textContent())
    .toBe('Base URL: must start with http:// or https:// (not ftp://)');
  expect(await section.locator('[role="alert"][data-field="model"]').textContent()).toMatch(/^Model: required/);
  expect(await section.getByTestId('servers-empty').isVisible()).toBe(true);
  expect(await page.evaluate(() => localStorage.getItem('arw.openai.servers'))).toBeNull();

  // A wrong URL: nothing listens on port 9 of loopback.
  await section.getByTestId('server-baseUrl').fill('http://127.0.0.1:9');
  await section.getByTestId('server-model').fill('tiny');
  await section.getByRole('button', { name: 'Test connection' }).click();
  const result = section.getByTestId('server-test-result');
  await expect.poll(() => result.getAttribute('data-code'), { timeout: 30_000 }).toBe('model-server-unreachable');
  expect(await result.textContent()).toMatch(
    /^model-server-unreachable: The model server could not be reached: .*could not reach http:\/\/127\.0\.0\.1:9/,
  );

  await section.getByTestId('server-baseUrl').fill(`${llm.url}/`);
  await section.getByRole('button', { name: 'Test connection' }).click();
  await expect.poll(() => result.getAttribute('data-ok'), { timeout: 30_000 }).toBe('true');
  expect(await result.textContent()).toMatch(/Connected: the server lists 2 models: tiny, slow\./);
  // The worker fetched it cross-origin, with the app's origin and CORS.
  expect(llm.requests).toContain(`GET /v1/models origin=${fx.server.url}`);

  await section.getByRole('button', { name: 'Add server' }).click();
  await section.locator('[data-testid="server-row"][data-model="tiny"]').waitFor();
  const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('arw.openai.servers')))!);
  expect(stored).toMatchObject({ v: 1, servers: [{ baseUrl: llm.url, model: 'tiny' }] });

  // An invalid edit keeps what is stored.
  await section.getByTestId('server-baseUrl').fill('not a url');
  await section.getByTestId('server-model').fill('other');
  await section.getByRole('button', { name: 'Add server' }).click();
  await section.locator('[role="alert"][data-field="baseUrl"]').waitFor();
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('arw.openai.servers')))!)).toEqual(stored);
});

test('Chat: the server’s model streams its reply into the UI and the episode completes in the journal', async () => {
  await openChat(page);
  await page.locator('[data-testid="model-label"][data-model-id="arw-tiny-char"]').waitFor({ timeout: 60_000 });
  const group = picker(page).locator('optgroup[label="Servers on your network"]');
  await expect
    .poll(() => group.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)), {
      timeout: 30_000,
    })
    .toEqual(['openai:tiny', 'openai:slow']);
  await pick(page, 'openai:tiny');
  expect(await page.getByTestId('model-backend').textContent()).toContain('openai-http');

  await page.evaluate(() => {
    const w = window as unknown as { replyLengths: number[] };
    w.replyLengths = [];
    new MutationObserver(() => {
      const replies = document.querySelectorAll('[data-testid="assistant-message"]');
      const length = replies[replies.length - 1]?.textContent?.length ?? 0;
      if (w.replyLengths.at(-1) !== length) w.replyLengths.push(length);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const prompt = 'What does the journal keep, server?';
  await page.getByLabel('Message').fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(async () => endOf((await episodeFor(page, prompt))?.events ?? []), { timeout: 60_000, interval: 200 })
    .toBe('episode.completed');

  const run = (await episodeFor(page, prompt))!;
  expect(run.started.payload).toMatchObject({ agent: 'chat', model: 'openai:tiny' });
  const tokensOut = run.events.filter((e) => e.kind === 'tokens.out');
  expect(tokensOut.length).toBeGreaterThan(0);
  const completed = run.events.find((e) => e.kind === 'episode.completed')!;
  expect(completed.payload).toMatchObject({ ttft_ms: expect.any(Number), tokens_per_s: expect.any(Number) });
  const reply = (await page.getByTestId('assistant-message').last().textContent()) ?? '';
  expect(reply).toContain(FIXED_REPLY.join(''));
  // Streamed: the reply went through several lengths before the last one.
  const lengths = await page.evaluate(() => (window as unknown as { replyLengths: number[] }).replyLengths);
  expect(lengths.filter((n) => n > 0).length).toBeGreaterThan(2);
  expect(llm.bodies.at(-1)).toMatchObject({
    model: 'tiny',
    stream: true,
    messages: expect.arrayContaining([{ role: 'user', content: prompt }]),
  });
});

test('Stop mid-stream against a slow server cancels the episode and closes the connection', async () => {
  await pick(page, 'openai:slow');
  const before = llm.closedEarly();
  const prompt = 'Keep talking until I stop you.';
  await page.getByLabel('Message').fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
  // Wait for tokens to arrive, then Stop.
  await expect
    .poll(
      async () =>
        ((await page.getByTestId('assistant-message').last().textContent()) ?? '').match(/word\d+/g)?.length ?? 0,
      { timeout: 30_000 },
    )
    .toBeGreaterThan(2);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect
    .poll(async () => endOf((await episodeFor(page, prompt))?.events ?? []), { timeout: 30_000, interval: 200 })
    .toBe('episode.canceled');
  await expect.poll(() => llm.closedEarly(), { timeout: 10_000 }).toBeGreaterThan(before);
  // The turn settles as stopped (tokens produced before the Stop may land in its last batch); then nothing more streams.
  const replies = page.getByTestId('assistant-message');
  await expect.poll(() => replies.last().getAttribute('data-status'), { timeout: 10_000 }).toBe('canceled');
  const stopped = replies.nth((await replies.count()) - 1);
  const settled = await stopped.textContent();
  // Proof that nothing more comes: the next reply streams through the same worker, token
  // port and journal, so once its tokens show, anything still in flight for the stopped
  // turn would have landed before them.
  const next = 'Say a few words more, then I stop you again.';
  await page.getByLabel('Message').fill(next);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(async () => ((await replies.last().textContent()) ?? '').match(/word\d+/g)?.length ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(0);
  expect(await stopped.textContent()).toBe(settled);
  expect((await episodeFor(page, prompt))!.events[0]!.kind).toBe('episode.canceled'); // newest first: nothing after it
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect
    .poll(async () => endOf((await episodeFor(page, next))?.events ?? []), { timeout: 30_000, interval: 200 })
    .toBe('episode.canceled');
});

test('web-llm models are offered, and without WebGPU they are disabled with the reason', async () => {
  const group = picker(page).locator('optgroup[label="web-llm (WebGPU)"]');
  await expect.poll(() => group.locator('option').count(), { timeout: 60_000 }).toBeGreaterThan(0);
  const options = await group.locator('option').evaluateAll((list) =>
    list.map((o) => ({
      value: (o as HTMLOptionElement).value,
      disabled: (o as HTMLOptionElement).disabled,
      text: o.textContent ?? '',
    })),
  );
  expect(options.every((o) => o.value.startsWith('webllm:'))).toBe(true);
  expect(options.every((o) => o.disabled && /— unavailable: (this browser has )?no WebGPU/.test(o.text))).toBe(true);
  const why = page.locator('[data-testid="model-unavailable"][data-kind="web-llm"]');
  expect(await why.textContent()).toMatch(
    new RegExp(`^web-llm \\(WebGPU\\): ${options.length} models unavailable: (this browser has )?no WebGPU`),
  );
  const caps = page.getByTestId('device-capabilities');
  expect(await caps.locator('li[data-kind="web-llm"]').getAttribute('data-available')).toBe('false');
  expect(await caps.locator('li[data-kind="onnx"]').getAttribute('data-available')).toBe('true');
  expect(await caps.locator('li[data-kind="openai-http"]').getAttribute('data-available')).toBe('true');
  // Listed from the app's copy of web-llm's catalog: the web-llm worker (and its ~6 MB library) never started.
  expect(await page.evaluate(() => window.arw!.webllm.started())).toBe(false);
});

test('with WebGPU, a web-llm model can be picked: it loads in the web-llm worker with progress, and its failure (no model host here) falls back to the model loaded before', async () => {
  const browser = await launchBrowser({ args: ['--enable-unsafe-webgpu'] });
  try {
    const gpuPage = await openApp(browser.context, fx.server.url, '/#/chat');
    await gpuPage.locator('[data-testid="model-label"][data-model-id="arw-tiny-char"]').waitFor({ timeout: 60_000 });
    const first = picker(gpuPage).locator('optgroup[label="web-llm (WebGPU)"] option').first();
    await expect.poll(() => first.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => first.isDisabled(), { timeout: 30_000 }).toBe(false);
    const id = (await first.getAttribute('value'))!;
    await gpuPage.evaluate(() => {
      const w = window as unknown as { progressSeen: string[] };
      w.progressSeen = [];
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="model-progress"]')?.textContent;
        if (text && w.progressSeen.at(-1) !== text) w.progressSeen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await picker(gpuPage).selectOption(id);
    const notice = gpuPage.locator('.model-picker .notice');
    await expect
      .poll(() => notice.textContent(), { timeout: 30_000 })
      .toMatch(/could not load \(web-llm model .*the model host could not be reached.*\); using .*tiny.* instead/i);
    expect(await gpuPage.getByTestId('model-label').getAttribute('data-model-id')).toBe('arw-tiny-char');
    const progress = await gpuPage.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(progress.some((text) => text.includes(id.replace(/^webllm:/, '')))).toBe(true);
    const health = await gpuPage.evaluate(async () => {
      const { events } = await window.arw!.journal.query({ kindPrefixes: ['runtime.health'], limit: 100 });
      return (events as EventOf<'runtime.health'>[])
        .filter((e) => e.payload.component === 'webllm')
        .map((e) => e.payload.detail ?? '');
    });
    expect(health.some((detail) => detail.startsWith('webllm-host-unreachable:'))).toBe(true);
  } finally {
    await browser.close();
  }
});

test('after a reload the server is still configured (from localStorage) and its model still answers', async () => {
  await page.reload();
  await waitForApp(page);
  await page.locator('[data-testid="model-label"][data-model-id="openai:slow"]').waitFor({ timeout: 60_000 });
  await pick(page, 'openai:tiny');
  const prompt = 'Are you still there after a reload?';
  await page.getByLabel('Message').fill(prompt);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect
    .poll(async () => endOf((await episodeFor(page, prompt))?.events ?? []), { timeout: 60_000, interval: 200 })
    .toBe('episode.completed');
});

test('a server that cannot be reached: picking its model says why and keeps the model that was loaded', async () => {
  const section = await openSettings(page);
  await section.getByTestId('server-baseUrl').fill('http://127.0.0.1:9');
  await section.getByTestId('server-model').fill('ghost');
  await section.getByRole('button', { name: 'Add server' }).click();
  await section.locator('[data-testid="server-row"][data-model="ghost"]').waitFor();
  await openChat(page);
  const ghost = picker(page).locator('option[value="openai:ghost"]');
  await expect.poll(() => ghost.count(), { timeout: 30_000 }).toBe(1);
  expect(await ghost.textContent()).toContain('not reachable: model-server-unreachable');
  await picker(page).selectOption('openai:ghost');
  const notice = page.locator('.model-picker .notice');
  await expect
    .poll(() => notice.textContent(), { timeout: 30_000 })
    .toMatch(/could not load \(could not reach http:\/\/127\.0\.0\.1:9 .*\); using tiny · 127\.0\.0\.1:\d+ instead/);
  expect(await page.getByTestId('model-label').getAttribute('data-model-id')).toBe('openai:tiny');
});

test('removing a server offers Undo, which puts it back', async () => {
  const section = await openSettings(page);
  const row = section.locator('[data-testid="server-row"][data-model="ghost"]');
  await row.getByRole('button', { name: 'Remove' }).click();
  await row.waitFor({ state: 'detached' });
  const undo = section.getByTestId('server-undo');
  expect(await undo.textContent()).toContain('Removed ghost at http://127.0.0.1:9');
  await undo.getByRole('button', { name: 'Undo' }).click();
  await row.waitFor();
  expect(
    await section.getByTestId('server-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model'))),
  ).toEqual(['tiny', 'ghost']);
  // Removed for good: the undo line goes away after a few seconds.
  await row.getByRole('button', { name: 'Remove' }).click();
  await section.getByTestId('server-undo').waitFor({ state: 'detached', timeout: 15_000 });
  expect(
    JSON.parse((await page.evaluate(() => localStorage.getItem('arw.openai.servers')))!).servers.map(
      (s: { model: string }) => s.model,
    ),
  ).toEqual(['tiny']);
});
