/**
 * Issue 11 acceptance, in real Chromium against the real server: a recipe installed from
 * a folder and launched on a project runs against the scripted OpenAI-compatible server,
 * which asks for `http.fetch` on a local test site; the inline prompt appears, "Allow 15
 * min" makes a lease, the tool runs, its result reaches the model and the reply completes;
 * with the page clock past the TTL the next call prompts again; `never` denies without a
 * prompt and the model gets the denial. A workflow recipe (no model) saves a page's text
 * into the project notes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startOpenAiServer, type OpenAiTestServer } from '../support/openai-server';
import {
  episodeEnd,
  episodeEvents as events,
  pageReaderRecipe,
  expectGrantedFetch,
  sendMessage,
  toolMessages,
} from './agent-helpers';
import { startTestSite, TEST_PAGE_SENTENCE, TEST_PAGE_TITLE, type TestSite } from '../support/test-site';

const fx = useAppFixture();
let llm: OpenAiTestServer;
let site: TestSite;
let page: Page;
let folder: string;

const RECIPE = (id: string, mode: string) => pageReaderRecipe({ id, name: `Page reader ${mode}`, mode, extract: true });
const episodeEvents = (input: string) => events(page, input);
const ended = episodeEnd;
const send = (text: string) => sendMessage(page, text);

beforeAll(async () => {
  llm = await startOpenAiServer({ models: ['tools'], tokenDelayMs: 5 });
  site = await startTestSite();
  folder = mkdtempSync(join(tmpdir(), 'arw-recipe-'));
  writeFileSync(join(folder, 'recipe.yaml'), RECIPE('page-reader', 'ask'));
  writeFileSync(join(folder, 'README.md'), 'A recipe for the tools e2e test.\n');
});
afterAll(async () => {
  await llm?.close();
  await site?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('a recipe installed from a folder asks before http.fetch; Allow 15 min makes a lease, the tool result reaches the model, the reply completes; past the TTL it asks again', async () => {
  // The page clock is Playwright's, so the test can move it past the lease's end.
  await fx.browser.context.clock.install();
  page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  const saved = await page.evaluate(
    (baseUrl) => window.arw!.servers.save({ baseUrl, model: 'tools', apiKey: '' }),
    llm.url,
  );
  expect(saved).toMatchObject({ ok: true });

  await page.getByLabel('Recipe folder', { exact: true }).setInputFiles(folder);
  const card = page.locator('[data-testid="recipe-card"]', { hasText: 'Page reader ask' });
  await card.waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: 'Launch' }).click();
  await page.getByTestId('agent-running').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('agent-running').textContent()).toContain('openai:tools');

  const url = `${site.url}/page.html`;
  llm.script(
    { toolCalls: [{ id: 'call_1', name: 'http.fetch', arguments: { url } }] },
    { text: `The page says: ${TEST_PAGE_SENTENCE}` },
  );
  const first = 'What does the tide pool page say?';
  await send(first);
  const prompt = page
    .getByTestId('conversation-prompts')
    .getByRole('group', { name: /Permission request: http.fetch/ });
  await prompt.waitFor({ timeout: 30_000 });
  expect(await prompt.textContent()).toContain(site.host.split(':')[0]);
  await prompt.getByRole('button', { name: 'Allow 15 min' }).click();
  await expect.poll(async () => ended(await episodeEvents(first)), { timeout: 30_000 }).toBe('episode.completed');

  const events = await episodeEvents(first);
  const lease = expectGrantedFetch(events, site.host, 900_000);
  expect(events.find((e) => e.kind === 'policy.decision')!.payload).toMatchObject({
    decision: 'allow',
    lease_id: lease.id,
    ttl_secs: 900,
  });
  expect(events[0]!.payload).toMatchObject({ recipe_id: 'page-reader', model: 'openai:tools' });
  // The model was offered the recipe's tools and got the page back as a tool message.
  const offered = ((llm.bodies.at(-2)?.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name);
  expect(offered.sort()).toEqual(['http.fetch', 'text.extract']);
  expect(toolMessages(llm.bodies.at(-1)).join('\n')).toContain(TEST_PAGE_SENTENCE);
  expect(site.requests).toContain('GET /page.html');
  await expect.poll(() => page.getByTestId('assistant-message').last().textContent()).toContain(TEST_PAGE_SENTENCE);

  // Within the lease: no prompt.
  llm.script({ toolCalls: [{ name: 'http.fetch', arguments: { url } }] }, { text: 'Still about tide pools.' });
  const second = 'Read it once more.';
  await send(second);
  await expect.poll(async () => ended(await episodeEvents(second)), { timeout: 30_000 }).toBe('episode.completed');
  const again = (await episodeEvents(second)).map((e) => e.kind);
  expect(again).not.toContain('policy.prompt');
  expect(again).toContain('tool.ran');

  // Past the TTL: the lease no longer covers the call, so it asks again.
  await page.clock.fastForward('16:00');
  llm.script({ toolCalls: [{ name: 'http.fetch', arguments: { url } }] }, { text: 'Read again after asking.' });
  const third = 'And after a quarter of an hour?';
  await send(third);
  const prompt3 = page.getByTestId('conversation-prompts').getByRole('group', { name: /Permission request/ });
  await prompt3.waitFor({ timeout: 30_000 });
  await prompt3.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect.poll(async () => ended(await episodeEvents(third)), { timeout: 30_000 }).toBe('episode.completed');
  const denied = await episodeEvents(third);
  expect(denied.map((e) => e.kind)).toContain('policy.prompt');
  expect(denied.map((e) => e.kind)).not.toContain('tool.invoked');
  expect(toolMessages(llm.bodies.at(-1)).join('\n')).toMatch(/denied/);
});

test('never: a recipe whose http.fetch is never is denied without a prompt and the model receives the denial', async () => {
  await page.goto(`${fx.server.url}/#/gallery`);
  const file = join(folder, 'never.yaml');
  writeFileSync(file, RECIPE('page-reader-never', 'never'));
  await page.getByTestId('recipe-file').setInputFiles(file);
  const card = page.locator('[data-testid="recipe-card"]', { hasText: 'Page reader never' });
  await card.waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: 'Launch' }).click();
  await page.getByTestId('agent-running').waitFor({ timeout: 30_000 });

  llm.script(
    { toolCalls: [{ name: 'http.fetch', arguments: { url: `${site.url}/page.html` } }] },
    { text: 'I may not read pages.' },
  );
  const asked = 'Try to fetch the page.';
  await send(asked);
  await expect.poll(async () => ended(await episodeEvents(asked)), { timeout: 30_000 }).toBe('episode.completed');
  const events = await episodeEvents(asked);
  expect(events.map((e) => e.kind)).not.toContain('policy.prompt');
  expect(events.map((e) => e.kind)).not.toContain('tool.invoked');
  expect(events.find((e) => e.kind === 'policy.decision')!.payload).toMatchObject({
    decision: 'deny',
    mode: 'never',
    capability: 'net:http',
  });
  const denial = toolMessages(llm.bodies.at(-1)).join('\n');
  expect(denial).toMatch(/denied/);
  expect(denial).toMatch(/never/);
});

test('a workflow recipe with no model saves a local page’s text into the project notes', async () => {
  await page.goto(`${fx.server.url}/#/gallery`);
  // Notes belong to a project: the recipe is launched on "garden".
  await page.evaluate(() => window.arw!.project.set('garden'));
  const example = page.locator('[data-testid="example"][data-recipe-id="save-page-to-notes"]');
  await example.getByRole('button', { name: /Install/ }).click();
  const card = page.locator('[data-testid="recipe-card"]', { hasText: 'Save a page to notes' });
  await card.waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: 'Launch' }).click();
  await page.getByTestId('workflow-input').fill(`${site.url}/page.html`);
  await page.getByTestId('workflow-input').press('Enter');
  // Two asks: the fetch, then the note; both answered in the sidecar's Approvals lane.
  for (const tool of ['http.fetch', 'notes.append']) {
    const card = page.getByRole('group', { name: `Permission request: ${tool}` }).first();
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Allow once' }).click();
  }
  const workflowEnd = () =>
    page.evaluate(async () => {
      const arw = window.arw!;
      const started = (await arw.journal.query({ kindPrefixes: ['episode.started'], limit: 50 })).events.find(
        (e) => (e.payload as { recipe_id?: string }).recipe_id === 'save-page-to-notes',
      );
      if (!started?.corr_id) return '';
      const { events } = await arw.journal.query({ corrId: started.corr_id, kindPrefixes: ['episode.'], limit: 10 });
      const last = events.find((e) => e.kind !== 'episode.started');
      return last ? `${last.kind} ${JSON.stringify(last.payload)}` : '';
    });
  await expect.poll(workflowEnd, { timeout: 30_000 }).toMatch(/^episode.completed/);
  await expect
    .poll(() => page.evaluate(() => window.arw!.collab.notes()), { timeout: 10_000 })
    .toContain(TEST_PAGE_SENTENCE);
  const notes = await page.evaluate(() => window.arw!.collab.notes());
  expect(notes).toContain(TEST_PAGE_TITLE);
  expect(notes).not.toContain('window.tracked');
});

test('the plain chat with a server model writes and reads a file in the project’s folder (OPFS), asking for fs:write and fs:read', async () => {
  await page.goto(`${fx.server.url}/#/hub`);
  await page.evaluate(() => window.arw!.project.set('garden'));
  expect(await page.getByTestId('project-folder').textContent()).toContain('a private folder in this browser');
  await page.goto(`${fx.server.url}/#/chat`);
  const bar = page.getByTestId('agent-bar');
  if (await bar.isVisible()) await page.getByTestId('agent-picker').selectOption('chat');
  await page.locator('[data-testid="model-label"][data-model-id="openai:tools"]').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('tools-note').getAttribute('data-tools')).toBe('on');

  const content = '# Seeds to order\n\n- basil\n- chard\n';
  llm.script(
    { toolCalls: [{ name: 'files.write', arguments: { path: 'lists/seeds.md', content } }] },
    { toolCalls: [{ name: 'files.read', arguments: { path: 'lists/seeds.md' } }] },
    { text: 'Saved and read back the seed list.' },
  );
  const asked = 'Save my seed list to lists/seeds.md and read it back.';
  await send(asked);
  for (const tool of ['files.write', 'files.read']) {
    const card = page.getByTestId('conversation-prompts').getByRole('group', { name: `Permission request: ${tool}` });
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('button', { name: 'Allow once' }).click();
  }
  await expect.poll(async () => ended(await episodeEvents(asked)), { timeout: 30_000 }).toBe('episode.completed');
  const events = await episodeEvents(asked);
  const decisions = events.filter((e) => e.kind === 'policy.decision').map((e) => e.payload);
  expect(decisions).toMatchObject([
    { decision: 'allow', capability: 'fs:write', scope: 'path://lists/seeds.md', subject: 'agent:chat' },
    { decision: 'allow', capability: 'fs:read', scope: 'path://lists/seeds.md', subject: 'agent:chat' },
  ]);
  const read = events.filter((e) => e.kind === 'tool.ran').at(-1)!.payload.output as { text: string };
  expect(read.text).toBe(content);
  // The file is really in the browser's private storage, in the project's folder.
  const stored = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await (await root.getDirectoryHandle('arw-files')).getDirectoryHandle('garden');
    const file = await (await folder.getDirectoryHandle('lists')).getFileHandle('seeds.md');
    return (await file.getFile()).text();
  });
  expect(stored).toBe(content);
});

test('a site that refuses the browser (no CORS header) gives a tool error that says why, and the model receives it', async () => {
  const url = `${site.url}/no-cors.html`;
  llm.script({ toolCalls: [{ name: 'http.fetch', arguments: { url } }] }, { text: 'That site refused me.' });
  const asked = 'Fetch the page without CORS.';
  await send(asked);
  const card = page.getByTestId('conversation-prompts').getByRole('group', { name: 'Permission request: http.fetch' });
  await card.waitFor({ timeout: 30_000 });
  await card.getByRole('button', { name: 'Allow once' }).click();
  await expect.poll(async () => ended(await episodeEvents(asked)), { timeout: 30_000 }).toBe('episode.completed');
  const error = (await episodeEvents(asked)).find((e) => e.kind === 'tool.error')!;
  expect(error.payload.message).toMatch(/refused the request from the browser \(CORS\)/);
  expect(toolMessages(llm.bodies.at(-1)).join('\n')).toMatch(/CORS/);
  expect(site.requests).toContain('GET /no-cors.html');
});
