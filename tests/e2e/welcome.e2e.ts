/**
 * The first-run welcome in real Chromium (issue 12 item 5): with a scripted OpenAI-compatible
 * server on one of the ports the welcome looks at (LM Studio's 1234, else Ollama's 11434,
 * else llama.cpp's 8080, on 127.0.0.1), it is offered by name and one click makes its model
 * Chat's model, which answers a message; a server that sends no CORS headers is not offered
 * and its CORS fix is shown; with nothing listening the tiny model and the probe are still
 * offered, and axe finds nothing at 1280×800 and 390×844; with WebGPU the web-llm way
 * offers web-llm's models. Close is remembered; Settings → About and the palette reopen it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { launchBrowser, openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';
import { sendMessage } from './agent-helpers';

const fx = useAppFixture();
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PORTS = [
  { port: 1234, kind: 'lm-studio', name: 'LM Studio' },
  { port: 11434, kind: 'ollama', name: 'Ollama' },
  { port: 8080, kind: 'llama-cpp', name: 'llama.cpp (llama-server)' },
] as const;

let llm: OpenAiTestServer | undefined;
afterEach(async () => {
  await llm?.close();
  llm = undefined;
});

/** The scripted server on the first free detected port; fails, naming the ports, when all are taken. */
async function serverOnDetectedPort(options: { cors?: boolean; models: string[] }) {
  const busy: string[] = [];
  for (const candidate of PORTS) {
    try {
      llm = await startOpenAiServer({ ...options, port: candidate.port, tokenDelayMs: 0 });
      return candidate;
    } catch (error) {
      busy.push(`${candidate.port}: ${(error as Error).message}`);
    }
  }
  throw new Error(`no port the welcome looks at is free on 127.0.0.1, so this test cannot run:\n${busy.join('\n')}`);
}

/** Fails, naming them, when something already listens on the ports the welcome looks at. */
async function expectNothingListening() {
  const busy: string[] = [];
  for (const { port, name } of PORTS) {
    const probe = createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (!free) busy.push(`${port} (${name}'s port)`);
  }
  expect(busy, `something already listens on 127.0.0.1 at ${busy.join(', ')}: stop it to run this test`).toEqual([]);
}

/** Chat on a first run: the welcome's keys cleared, the page loaded again, the detection finished. */
async function firstRun(path = '/#/chat'): Promise<Page> {
  const page = await openApp(fx.browser.context, fx.server.url, path);
  await page.evaluate(() => {
    localStorage.removeItem('arw.welcome');
    localStorage.removeItem('arw.chat.model');
    localStorage.removeItem('arw.openai.servers');
  });
  await page.reload();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="welcome-servers"]')?.getAttribute('data-state') === 'done',
    undefined,
    { timeout: 15_000 },
  );
  return page;
}

const textOf = (page: Page, selector: string) =>
  page.evaluate((s) => [...document.querySelectorAll(s)].map((el) => el.textContent ?? ''), selector);

type AxeWindow = Window & { axe?: typeof import('axe-core') };

test('Close hides it for good; Settings → About and the palette bring it back', async () => {
  const page = await firstRun();
  await page.getByTestId('welcome-dismiss').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="welcome"]'));
  await page.reload();
  await page.getByTestId('model-label').waitFor();
  expect(await page.locator('[data-testid="welcome"]').count()).toBe(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('reopen-welcome').click();
  await page.getByTestId('welcome').waitFor();
  expect(new URL(page.url()).hash).toMatch(/^#\/chat/);

  await page.getByTestId('welcome-dismiss').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="welcome"]'));
  // The palette's command, keyboard only (Ctrl+K may be lost before the app listens: press until it opens).
  await expect
    .poll(
      async () => {
        if ((await page.locator('[role="dialog"]').count()) === 0) await page.keyboard.press('Control+k');
        return page.evaluate(() => document.activeElement?.getAttribute('role') === 'combobox');
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  await page.keyboard.type('show the welcome');
  await page.keyboard.press('Enter');
  await page.getByTestId('welcome').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'welcome-title');
});

test('with WebGPU the web-llm way offers web-llm’s models, and one click makes one Chat’s choice', async () => {
  const browser = await launchBrowser({ args: ['--enable-unsafe-webgpu'] });
  try {
    const page = await openApp(browser.context, fx.server.url, '/#/chat');
    const use = page.locator('[data-testid="welcome-use-webllm"]').first();
    // Listed once Chat's first load is done and the adapter was found (SwiftShader here).
    await expect.poll(() => use.count(), { timeout: 90_000 }).toBe(1);
    expect(await page.locator('[data-testid="welcome-webllm-missing"]').count()).toBe(0);
    const id = (await use.getAttribute('data-model-id'))!;
    expect(id).toMatch(/^webllm:/);
    await use.click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="welcome"]'));
    // The click chose that model: it is the remembered choice while it loads, and with no model
    // host here the load fails (~0.6 s) and Chat says so, back on the model it had.
    await expect
      .poll(
        () =>
          page.evaluate(
            (chosen) =>
              localStorage.getItem('arw.chat.model') === chosen
                ? 'chosen'
                : document.body.innerText.includes('The selected model could not load')
                  ? 'failed, said so'
                  : 'nothing',
            id,
          ),
        { timeout: 30_000 },
      )
      .not.toBe('nothing');
  } finally {
    await browser.close();
  }
});

// First: a conversation with no messages yet (the server test sends one in this same profile).
describe.each([
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
])('with nothing listening, at $name size', (size) => {
  test('the welcome still offers the tiny model and the probe, says what each is, and axe finds nothing', async () => {
    await expectNothingListening();
    const page = await firstRun();
    await page.setViewportSize({ width: size.width, height: size.height });
    const ways = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="welcome-way"]')].map((el) => el.getAttribute('data-way')),
    );
    expect(ways).toEqual(['server', 'webllm', 'tiny', 'probe']);
    expect((await textOf(page, '[data-way="tiny"]'))[0]).toContain(
      'a tiny model shipped with the app, for trying things out',
    );
    expect((await textOf(page, '[data-way="probe"]'))[0]).toContain('a rule-based test agent');
    // Headless Chromium without --enable-unsafe-webgpu has no adapter: said in people's words.
    expect((await textOf(page, '[data-testid="welcome-webllm-missing"]'))[0]).toContain(
      'this browser has no WebGPU here',
    );
    expect((await textOf(page, '[data-testid="welcome-not-found"]'))[0]).toMatch(/LM Studio.*Ollama.*llama\.cpp/);

    await page.evaluate(AXE);
    const violations = await page.evaluate(async () => {
      const result = await (window as AxeWindow).axe!.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
    });
    expect(violations).toEqual([]);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(wide, 'the welcome must not scroll sideways').toBeLessThanOrEqual(0);

    // The probe, chosen from the welcome: the welcome closes, the empty chat gives the probe's commands.
    await page.getByTestId('welcome-use-probe').click();
    await page.locator('[data-testid="model-label"][data-model-id="probe"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="welcome"]').count()).toBe(0);
    expect(await textOf(page, '[data-testid="empty-chat-try"]')).toEqual(
      expect.arrayContaining(['what time is it', 'calc (1+2)/3']),
    );
  });
});

test('a local server that answers is offered by name; one click adds it, makes its model Chat’s, and a message gets its reply', async () => {
  const at = await serverOnDetectedPort({ models: ['qwen-test', 'other'] });
  llm!.script({ text: 'Hello from the server on your network.' });
  const page = await firstRun();
  const row = page.locator(`[data-testid="welcome-server"][data-kind="${at.kind}"]`);
  expect(await row.getAttribute('data-state')).toBe('answering');
  const use = row.getByTestId('welcome-use-server');
  expect(await use.textContent()).toBe(`Use ${at.name}: qwen-test`);
  await use.click();
  await page.locator('[data-testid="model-label"][data-model-id="openai:qwen-test"]').waitFor({ timeout: 30_000 });
  // The welcome is done, and the server is one of the model servers (Settings lists it).
  await page.waitForFunction(() => !document.querySelector('[data-testid="welcome"]'));
  const stored = await page.evaluate(() => ({
    welcome: localStorage.getItem('arw.welcome'),
    servers: window.arw!.servers.servers().map((s) => `${s.baseUrl} ${s.model}`),
  }));
  expect(stored).toEqual({ welcome: 'done', servers: [`http://localhost:${at.port} qwen-test`] });
  expect(await page.getByTestId('empty-chat').getAttribute('data-kind')).toBe('server');

  await sendMessage(page, 'hello there');
  await page.waitForFunction(
    () =>
      document
        .querySelector('[data-testid="assistant-message"][data-status="completed"]')
        ?.textContent?.includes('Hello from the server on your network.'),
    undefined,
    { timeout: 30_000 },
  );
  expect(llm!.pending()).toBe(0);
  expect(llm!.requests.some((r) => r.startsWith('POST /v1/chat/completions'))).toBe(true);
});

test('a local server that sends no CORS headers is not offered, and its CORS fix is shown', async () => {
  const at = await serverOnDetectedPort({ cors: false, models: ['blocked'] });
  const page = await firstRun();
  // The probe reached it: the browser refused the answer, not the connection.
  expect(llm!.requests).toContain(`GET /v1/models origin=${fx.server.url}`);
  expect(await page.locator('[data-testid="welcome-use-server"]').count()).toBe(0);
  const fixes = await textOf(page, `[data-testid="welcome-cors-fix"][data-kind="${at.kind}"]`);
  expect(fixes).toHaveLength(1);
  const expected = {
    'lm-studio': 'Enable CORS',
    ollama: `OLLAMA_ORIGINS=${fx.server.url}`,
    'llama-cpp': 'llama-server',
  };
  expect(fixes[0]).toContain(expected[at.kind]);
});
