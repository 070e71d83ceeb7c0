/**
 * The Gallery in real Chromium against the built app: install a shipped example, refuse
 * an invalid manifest field by field (nothing stored), inspect permissions in plain
 * words, update with the permission diff shown first, launch into Chat, and uninstall
 * with Undo (kept) and without (removed once the window ends).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';

const fx = useAppFixture();
const ID = 'save-page-to-notes';
const SHIPPED = readFileSync(join(process.cwd(), 'public/recipes', ID, 'recipe.yaml'), 'utf8');

type Stored = { kind: string; payload: Record<string, unknown>; project_id?: string };

/** The journal's `recipes.*` events, oldest first. */
function recipeEvents(page: Page): Promise<Stored[]> {
  return page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({
      kindPrefixes: ['recipes.'],
      limit: 1000,
    });
    return events.reverse();
  });
}

const card = (page: Page) => page.locator(`[data-testid="recipe-card"][data-recipe-id="${ID}"]`);

async function pickFile(page: Page, name: string, text: string) {
  await page.getByTestId('recipe-file').setInputFiles({ name, mimeType: 'text/yaml', buffer: Buffer.from(text) });
}

test('a shipped example installs from the Examples list as a bundled recipe', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  const example = page.locator(`[data-testid="example"][data-recipe-id="${ID}"]`);
  await example.getByRole('button', { name: 'Install Save a page to notes' }).click();
  await page.getByTestId('install-done').waitFor();
  expect(await page.getByTestId('install-done').textContent()).toContain('Installed Save a page to notes 1.0.0');
  await card(page).waitFor();
  expect(await card(page).getByTestId('step-count').textContent()).toBe('3');
  expect(await card(page).getByTestId('permission-mode').allTextContents()).toEqual(
    expect.arrayContaining([expect.stringContaining('net:http=ask'), expect.stringContaining('project:write=ask')]),
  );
  const events = await recipeEvents(page);
  expect(events.map((e) => [e.kind, (e.payload.recipe as { id: string }).id, e.payload.source])).toEqual([
    ['recipes.installed', ID, 'bundled'],
  ]);
  expect(events[0]!.payload.sha256).toMatch(/^[0-9a-f]{64}$/);
  // The example now offers a reinstall, not a second install.
  expect(await example.getByRole('button').textContent()).toBe('Reinstall');
});

test('an invalid manifest gets one error per field with its path, and nothing is stored', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  const before = (await recipeEvents(page)).length;
  const bad = SHIPPED.replace('id: save-page-to-notes', 'id: broken-recipe')
    .replace('version: 1.0.0', 'version: "1.0"')
    .replace('step_limit: 3', 'step_limit: 99\ncolour: blue')
    .replace('mode: allow', 'mode: sometimes');
  await pickFile(page, 'broken.yaml', bad);
  await page.getByTestId('install-errors').waitFor();
  const paths = await page
    .getByTestId('install-error')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-path')));
  expect(paths.sort()).toEqual(['colour', 'step_limit', 'tools[1].mode', 'version']);
  expect(await page.getByRole('alert').first().textContent()).toContain('Nothing was stored');
  // A URL to a folder means its recipe.yaml; a web page is refused as not a manifest.
  await page.getByLabel('Recipe URL').fill(`${fx.server.url}/no-recipe-here/`);
  await page.getByRole('button', { name: 'Install from URL' }).click();
  await expect
    .poll(() => page.getByTestId('install-error').first().textContent())
    .toContain(`${fx.server.url}/no-recipe-here/recipe.yaml answered 404`);
  await page.getByLabel('Recipe URL').fill(`${fx.server.url}/index.html`);
  await page.getByRole('button', { name: 'Install from URL' }).click();
  await expect
    .poll(() => page.getByTestId('install-error').first().textContent())
    .toContain('is a web page, not a recipe manifest');
  expect((await recipeEvents(page)).length).toBe(before);
  expect(await page.locator('[data-testid="recipe-card"][data-recipe-id="broken-recipe"]').count()).toBe(0);
});

test('inspect shows the permissions in plain words, the tools and the intent preview', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  await card(page).getByRole('button', { name: 'Inspect' }).click();
  const inspect = page.getByTestId('recipe-inspect');
  await inspect.waitFor();
  expect(await inspect.getByTestId('intent-preview').textContent()).toContain(
    'Fetches the one page you name (asking before it connects to that site)',
  );
  const permissions = await inspect.getByTestId('recipe-permission').allTextContents();
  expect(permissions).toEqual([
    'net:http: lets the agent fetch pages from any web site',
    "project:write: lets the agent add to this project's notes",
  ]);
  expect(await inspect.getByTestId('recipe-tool').allTextContents()).toEqual([
    'http.fetch asks you first before it may fetch pages from any web site',
    'text.extract needs no permission',
    "notes.append asks you first before it may add to this project's notes",
  ]);
  await inspect.getByText('Manifest', { exact: true }).click();
  expect(await inspect.getByTestId('manifest-text').textContent()).toContain('id: save-page-to-notes');
});

test('an update shows the permission diff before it is applied, then stores the new version', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  const before = (await recipeEvents(page)).length;
  const next = SHIPPED.replace('version: 1.0.0', 'version: 1.1.0')
    .replace(
      '  - id: notes.append\n    mode: ask',
      '  - id: notes.append\n    mode: { mode: ask, ttl_secs: 900 }\n  - id: clock.now',
    )
    .replace('tags: [web, notes, workflow]', 'tags: [web, notes]');
  await pickFile(page, 'recipe.yaml', next);
  const diff = page.getByTestId('update-diff');
  await diff.waitFor();
  expect(await diff.getByTestId('permission-change').allTextContents()).toEqual([
    'notes.append: was ask (asks you first), now ask@900s (asks you first; a yes lasts 15 min).',
    'Will call clock.now (needs no permission).',
  ]);
  expect(await diff.locator('[data-testid="field-change"][data-path="version"]').textContent()).toContain('1.1.0');
  expect(await diff.locator('[data-testid="field-change"][data-path="tags"]').textContent()).toContain('removed');
  // Nothing is stored until Apply.
  expect((await recipeEvents(page)).length).toBe(before);
  await page.getByRole('button', { name: 'Apply update' }).click();
  await page.getByTestId('install-done').waitFor();
  await expect.poll(() => card(page).getAttribute('data-version')).toBe('1.1.0');
  const last = (await recipeEvents(page)).at(-1)!;
  expect([last.kind, last.payload.previous_version]).toEqual(['recipes.installed', '1.0.0']);
});

test('launch opens Chat with the recipe as the agent, saying which model it got and why', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  await card(page).getByRole('button', { name: 'Launch' }).click();
  await expect.poll(() => page.url()).toContain('#/chat');
  const running = page.getByTestId('agent-running');
  await running.waitFor();
  expect(await running.textContent()).toMatch(
    /Running Save a page to notes on Personal · model .+ \(the recipe names no model; using the device default .+\) · tools http\.fetch, text\.extract, notes\.append, clock\.now/,
  );
  expect(await page.getByLabel('Page URL').isVisible()).toBe(true);
  const created = await page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({
      kindPrefixes: ['conversation.'],
      limit: 1,
    });
    return events[0]!.payload;
  });
  expect(created).toMatchObject({ title: 'Save a page to notes', agent: `recipe:${ID}`, recipe_id: ID });
  await page.getByRole('button', { name: 'Back to plain chat' }).click();
  await expect.poll(() => page.getByTestId('agent-running').count()).toBe(0);
});

test('uninstall then Undo keeps the recipe; uninstall left alone removes it when the window ends', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  await card(page).getByRole('button', { name: 'Uninstall' }).click();
  await card(page).getByRole('button', { name: 'Yes, uninstall' }).click();
  await card(page).getByTestId('uninstall-pending').waitFor();
  await card(page).getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => card(page).getByTestId('uninstall-pending').count()).toBe(0);
  expect(await card(page).count()).toBe(1);

  await card(page).getByRole('button', { name: 'Uninstall' }).click();
  await card(page).getByRole('button', { name: 'Yes, uninstall' }).click();
  expect(await card(page).getByTestId('uninstall-pending').textContent()).toMatch(/Uninstalling in \d+ s/);
  // The event proves the window ended; the undone uninstall above (whose window ended first) wrote none.
  await expect
    .poll(async () => (await recipeEvents(page)).filter((e) => e.kind === 'recipes.uninstalled').length, {
      timeout: 20_000,
      interval: 500,
    })
    .toBe(1);
  const uninstalled = (await recipeEvents(page)).filter((e) => e.kind === 'recipes.uninstalled');
  expect(uninstalled.map((e) => e.payload)).toEqual([{ recipe_id: ID, version: '1.1.0' }]);
  await expect.poll(() => card(page).count()).toBe(0);
});

test('a recipe folder (folder input) and a .zip install with their source recorded', async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/gallery');
  // Chromium uploads a whole directory into a webkitdirectory input, paths prefixed with its name.
  await page
    .getByLabel('Recipe folder', { exact: true })
    .setInputFiles(join(process.cwd(), 'public/recipes/search-my-journal'));
  await page.locator('[data-testid="recipe-card"][data-recipe-id="search-my-journal"]').waitFor();
  const manifest = readFileSync(join(process.cwd(), 'public/recipes/calculator-tutor/recipe.yaml'));
  const zip = zipSync({
    'calculator-tutor/recipe.yaml': manifest,
    'calculator-tutor/NOTES.md': Buffer.from('# notes'),
  });
  await page
    .getByTestId('recipe-file')
    .setInputFiles({ name: 'calculator-tutor.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await page.locator('[data-testid="recipe-card"][data-recipe-id="calculator-tutor"]').waitFor();
  const sources = (await recipeEvents(page))
    .filter((e) => e.kind === 'recipes.installed')
    .map((e) => [(e.payload.recipe as { id: string }).id, e.payload.source, Object.keys(e.payload.files as object)]);
  expect(sources.slice(-2)).toEqual([
    ['search-my-journal', 'folder', []],
    ['calculator-tutor', 'zip', ['NOTES.md']],
  ]);
});

test("Hub attaches an installed recipe to the project, and Chat offers the project's attached agents", async () => {
  const page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  await page.getByLabel('Agent to attach').selectOption({ label: 'Calculator tutor' });
  await page.getByRole('button', { name: 'Attach agent' }).click();
  await page.locator('[data-testid="attached-agent"][data-agent-id="recipe:calculator-tutor"]').waitFor();
  const attached = await page.evaluate(async () => {
    const { events } = await window.arw!.journal.query({
      kindPrefixes: ['projects.agent.'],
      limit: 10,
    });
    return events.map((e) => [e.kind, e.payload]);
  });
  expect(attached).toEqual([
    ['projects.agent.attached', { agent_id: 'recipe:calculator-tutor', label: 'Calculator tutor' }],
  ]);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await page.getByTestId('agent-picker').selectOption('recipe:calculator-tutor');
  await expect
    .poll(() => page.getByTestId('agent-running').textContent())
    .toContain('Running Calculator tutor on Personal');
  expect(await page.getByTestId('agent-running').textContent()).toContain(
    'model probe (preferred model openai:* is not available here; using fallback probe)',
  );
});
