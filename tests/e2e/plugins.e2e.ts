/**
 * The WASI plugin sandbox in real Chromium (issue 14 item 4): recipe tools that are
 * WebAssembly plugins run in their own worker with only what their manifest declares and
 * the person grants. word-count reads granted project files (OPFS) and is refused without
 * the grant; an endless loop is stopped at its time limit while the page stays responsive;
 * a memory hog hits its cap; http-get reaches a leased host through the bridge and an
 * unleased one is refused with a deny naming the host; undeclared imports are Unsupported.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp } from '../support/browser';
import { useAppFixture } from '../support/fixture';
import { startTestSite, TEST_PAGE_TITLE, type TestSite } from '../support/test-site';
import type { Logged } from './agent-helpers';

const fx = useAppFixture();
let page: Page;
let site: TestSite;

const PROJECT = 'garden';
const built = (
  JSON.parse(readFileSync('public/plugins/manifest.json', 'utf8')) as { plugins: { name: string; sha256: string }[] }
).plugins;
const shaOf = (name: string) => built.find((p) => p.name === name)!.sha256;

interface PluginRecipe {
  id: string;
  plugin: string;
  permissions?: { capability: string; scope?: string; reason: string }[];
  limits?: Record<string, number>;
  params?: Record<string, unknown>;
}

/** A workflow recipe of one step: the plugin tool `test.<plugin>` in ask mode. */
function recipe(o: PluginRecipe): string {
  const permissions = o.permissions ?? [];
  return JSON.stringify({
    id: o.id,
    name: `Plugin ${o.id}`,
    version: '1.0.0',
    description: `Runs the ${o.plugin} plugin.`,
    capabilities: [...new Set(permissions.map((p) => p.capability))],
    tools: [
      {
        id: `test.${o.plugin}`,
        version: '1.0.0',
        mode: 'ask',
        plugin: {
          module: `/plugins/${o.plugin}.wasm`,
          sha256: shaOf(o.plugin),
          permissions,
          ...(o.limits ? { limits: o.limits } : {}),
        },
      },
    ],
    workflow: [{ id: 'run', tool: `test.${o.plugin}`, ...(o.params ? { params: o.params } : {}) }],
    step_limit: 1,
    intent_preview: `Runs ${o.plugin}.`,
  });
}

const FS_READ = [{ capability: 'fs:read', scope: 'path://**', reason: 'counts words' }];
const NET = [{ capability: 'net:http', reason: 'fetches the page you name' }];

/** Installs and launches `text` in the project, runs its workflow with `input`; returns the episode's corr_id. */
async function runRecipe(id: string, text: string, input = 'go'): Promise<string> {
  await page.evaluate(
    async ({ text, project }) => {
      const arw = window.arw!;
      arw.project.set(project);
      await arw.recipes.install({ kind: 'folder', files: [{ path: 'recipe.yaml', data: text }] }, { overwrite: true });
    },
    { text, project: PROJECT },
  );
  await expect.poll(() => page.evaluate((id) => window.arw!.recipes.get(id) !== undefined, id)).toBe(true);
  await page.evaluate(({ id, project }) => window.arw!.recipes.launch(id, project), { id, project: PROJECT });
  await page.getByTestId('workflow-input').fill(input);
  await page.getByTestId('workflow-input').press('Enter');
  let corrId = '';
  await expect
    .poll(
      async () =>
        (corrId = await page.evaluate(async (id) => {
          const { events } = await window.arw!.journal.query({ kindPrefixes: ['episode.started'], limit: 50 });
          return events.find((e) => (e.payload as { recipe_id?: string }).recipe_id === id)?.corr_id ?? '';
        }, id)),
      { timeout: 30_000 },
    )
    .not.toBe('');
  return corrId;
}

const eventsOf = (corrId: string): Promise<Logged[]> =>
  page.evaluate(async (corr) => {
    const { events } = await window.arw!.journal.query({ corrId: corr, limit: 500 });
    return (events as unknown as Logged[]).slice().reverse();
  }, corrId);

/** The episode's tool.ran or tool.error, once there. */
async function toolEnd(corrId: string): Promise<Logged> {
  let end: Logged | undefined;
  await expect
    .poll(
      async () => (end = (await eventsOf(corrId)).find((e) => e.kind === 'tool.ran' || e.kind === 'tool.error'))?.kind,
      { timeout: 60_000 },
    )
    .toBeTruthy();
  return end!;
}

/** Answers the first prompt for `capability` with `answer` once it shows. */
async function answerPrompt(capability: string, answer: 'deny' | 'once') {
  let id = '';
  await expect
    .poll(
      async () =>
        (id = await page.evaluate(
          (cap) => window.arw!.policy.pending().find((p) => p.request.capability === cap)?.prompt_id ?? '',
          capability,
        )),
      { timeout: 30_000 },
    )
    .not.toBe('');
  await page.evaluate(({ id, answer }) => window.arw!.policy.answer(id, { answer }), { id, answer });
}

beforeAll(async () => {
  site = await startTestSite();
  page = await openApp(fx.browser.context, fx.server.url, '/#/hub');
  // Two files in the project's OPFS folder: what word-count is given when fs:read is granted.
  await page.evaluate(async (project) => {
    const root = await navigator.storage.getDirectory();
    const dir = await (
      await root.getDirectoryHandle('arw-files', { create: true })
    ).getDirectoryHandle(project, {
      create: true,
    });
    const write = async (folder: FileSystemDirectoryHandle, name: string, text: string) => {
      const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    };
    await write(dir, 'seeds.md', 'basil chard kale\n');
    await write(await dir.getDirectoryHandle('notes', { create: true }), 'plan.md', 'water the beds at dawn');
  }, PROJECT);
});
afterAll(async () => {
  await site?.close();
});

test('word-count with an fs:read lease counts the granted project files, and its output reaches tool.ran', async () => {
  await page.evaluate(async (project) => {
    window.arw!.project.set(project);
    await window.arw!.policy.grant({ capability: 'fs:read', scope: 'path://**', ttl_secs: 600 });
  }, PROJECT);
  const corr = await runRecipe('wc-granted', recipe({ id: 'wc-granted', plugin: 'word-count', permissions: FS_READ }));
  const end = await toolEnd(corr);
  expect(end.kind, JSON.stringify(end.payload)).toBe('tool.ran');
  expect(end.payload.output).toMatchObject({
    stdout: {
      files: [
        { path: 'notes/plan.md', words: 5 },
        { path: 'seeds.md', words: 3 },
      ],
      total: 8,
    },
  });
  const decision = (await eventsOf(corr)).find((e) => e.kind === 'policy.decision')!;
  expect(decision.payload).toMatchObject({ decision: 'allow', capability: 'fs:read', tool: 'test.word-count' });
});

const revokeAll = () =>
  page.evaluate(async () => {
    for (const lease of window.arw!.policy.leases()) await window.arw!.policy.revoke(lease.id);
  });

test('word-count without the grant fails with a clear Denied error and a policy.decision deny', async () => {
  await revokeAll();
  const corr = await runRecipe('wc-denied', recipe({ id: 'wc-denied', plugin: 'word-count', permissions: FS_READ }));
  await answerPrompt('fs:read', 'deny');
  const end = await toolEnd(corr);
  expect(end.kind).toBe('tool.error');
  expect(end.payload.message).toMatch(/^Denied: fs:read on path:\/\/\*\* was refused/);
  const decision = (await eventsOf(corr)).find((e) => e.kind === 'policy.decision')!;
  expect(decision.payload).toMatchObject({ decision: 'deny', capability: 'fs:read', scope: 'path://**' });
  expect((await eventsOf(corr)).some((e) => e.kind === 'tool.ran')).toBe(false);
});

test('an endless loop is stopped at its time limit with Interrupted, and the page has no long task over 100 ms meanwhile', async () => {
  await page.evaluate(() => {
    // Every long task with its wall-clock start, so the run's window can be picked out after.
    const tasks: { at: number; ms: number }[] = [];
    (window as unknown as { tasks: typeof tasks }).tasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration });
    }).observe({ type: 'longtask' });
  });
  const corr = await runRecipe('loop', recipe({ id: 'loop', plugin: 'test-loop', limits: { time_ms: 800 } }));
  // While the plugin spins, the page answers at once.
  const answered = await page.evaluate(async () => {
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 0));
    return performance.now() - started;
  });
  expect(answered).toBeLessThan(100);
  const end = await toolEnd(corr);
  expect(end.kind).toBe('tool.error');
  expect(end.payload.message).toBe('Interrupted: tool interrupted after 800 ms');
  // The run's window: from tool.invoked to tool.error (installing and opening Chat before it are the app's own work).
  const invoked = (await eventsOf(corr)).find((e) => e.kind === 'tool.invoked') as Logged & { time: string };
  const window_ = { from: Date.parse(invoked.time), to: Date.parse((end as Logged & { time: string }).time) };
  expect(window_.to - window_.from).toBeGreaterThanOrEqual(700);
  const during = await page.evaluate(
    ({ from, to }) =>
      (window as unknown as { tasks: { at: number; ms: number }[] }).tasks.filter((t) => t.at >= from && t.at <= to),
    window_,
  );
  expect(during.filter((t) => t.ms > 100)).toEqual([]);
});

test('a memory hog fails with the memory message at its cap', async () => {
  const corr = await runRecipe('hog', recipe({ id: 'hog', plugin: 'test-hog', limits: { memory_pages: 64 } }));
  const end = await toolEnd(corr);
  expect(end.kind).toBe('tool.error');
  expect(end.payload.message).toMatch(/^Runtime: plugin ran out of memory \(cap 4 MiB\)/);
});

test('http-get reaches a leased host through the bridge; an unleased host is refused with a deny naming it', async () => {
  const host = site.host;
  await page.evaluate(
    async ({ project, host }) => {
      window.arw!.project.set(project);
      await window.arw!.policy.grant({ capability: 'net:http', scope: `net://${host}`, ttl_secs: 600 });
    },
    { project: PROJECT, host },
  );
  const text = recipe({ id: 'get', plugin: 'http-get', permissions: NET, params: { url: '{{input}}' } });
  const ok = await runRecipe('get', text, `${site.url}/page.html`);
  const ran = await toolEnd(ok);
  expect(ran.kind, JSON.stringify(ran.payload)).toBe('tool.ran');
  const stdout = (ran.payload.output as { stdout: { status: number; first: string } }).stdout;
  expect(stdout.status).toBe(200);
  expect(stdout.first).toContain(TEST_PAGE_TITLE);

  // localhost is the same machine under another name: no lease covers it.
  const port = host.split(':')[1];
  const other = `http://localhost:${port}/page.html`;
  await page.evaluate(() => window.arw!.journal.count());
  const refused = await runRecipe('get2', text.replaceAll('"get"', '"get2"'), other);
  await answerPrompt('net:http', 'deny');
  const end = await toolEnd(refused);
  expect(end.kind).toBe('tool.error');
  expect(end.payload.message).toMatch(/^Denied: net:http was refused: .*\(host=localhost port=\d+ proto=http\)$/);
  const decision = (await eventsOf(refused)).find((e) => e.kind === 'policy.decision')!;
  expect(decision.payload).toMatchObject({
    decision: 'deny',
    capability: 'net:http',
    scope: `net://localhost:${port}`,
  });
});

test('a plugin importing something not allowed fails with Unsupported naming the import; net:http undeclared is not importable', async () => {
  const bad = await runRecipe('bad', recipe({ id: 'bad', plugin: 'test-bad-import' }));
  const end = await toolEnd(bad);
  expect(end.kind).toBe('tool.error');
  expect(end.payload.message).toMatch(/^Unsupported: the plugin imports env\.spawn_shell \(function\)/);

  const undeclared = await runRecipe(
    'nonet',
    recipe({ id: 'nonet', plugin: 'http-get', params: { url: '{{input}}' } }),
  );
  const refused = await toolEnd(undeclared);
  expect(refused.payload.message).toMatch(
    /^Unsupported: the plugin imports arw\.http_get, but its manifest does not declare net:http/,
  );
});

test('the shipped count-words example installs from the Gallery, asks for fs:read, and counts the project files', async () => {
  await revokeAll();
  await page.goto(`${fx.server.url}/#/gallery`);
  await page.evaluate((project) => window.arw!.project.set(project), PROJECT);
  const example = page.locator('[data-testid="example"][data-recipe-id="count-words"]');
  await example.getByRole('button', { name: /Install/ }).click();
  const card = page.locator('[data-testid="recipe-card"]', { hasText: 'Count words in project files' });
  await card.waitFor({ timeout: 15_000 });
  await card.getByRole('button', { name: 'Launch' }).click();
  await page.getByTestId('workflow-input').fill('all');
  await page.getByTestId('workflow-input').press('Enter');
  await answerPrompt('fs:read', 'once');
  let corr = '';
  await expect
    .poll(
      async () =>
        (corr = await page.evaluate(async () => {
          const { events } = await window.arw!.journal.query({ kindPrefixes: ['episode.started'], limit: 50 });
          return events.find((e) => (e.payload as { recipe_id?: string }).recipe_id === 'count-words')?.corr_id ?? '';
        })),
      { timeout: 30_000 },
    )
    .not.toBe('');
  const end = await toolEnd(corr);
  expect(end.kind, JSON.stringify(end.payload)).toBe('tool.ran');
  expect(end.payload.output).toMatchObject({ stdout: { total: 8 } });
});
