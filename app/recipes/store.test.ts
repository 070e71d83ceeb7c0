/** The recipes service over a real (fake-indexeddb) journal: install, update, refuse, uninstall/undo, launch, attach. */
import 'fake-indexeddb/auto';
import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createReadModels } from '../../core/read-models';
import { toolCapability } from '../../core/tools/builtin';
import { openJournal, type JournalHandle } from '../db/journal';
import { freshDbName } from '../db/test-support';
import { createActiveAgent } from '../state/active-agent';
import { createStream } from '../state/stream';
import { createRecipesService, type RecipesService } from './store';

const RECIPE = (version: string, extra = '') => `id: save-page
name: Save a page
version: ${version}
description: Saves a page's text to the notes.
intent_preview: Fetches one page you name and appends its text to this project's notes.
model: { preferred: "openai:llama", fallback: probe }
prompts: { system: "You save pages." }
capabilities: [net:http, project:write]
tools:
  - { id: http.fetch, mode: ask }
  - { id: notes.append, mode: allow }
${extra}`;

const folder = (text: string, files: Record<string, string> = {}) => ({
  kind: 'folder' as const,
  files: [
    { path: 'save-page/recipe.yaml', data: text },
    ...Object.entries(files).map(([p, d]) => ({ path: `save-page/${p}`, data: d })),
  ],
});

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

let ms = Date.parse('2026-04-01T09:00:00.000Z');
let n = 0;
const clock = { now: () => (ms += 5) };
const newId = () => `01J${String(++n).padStart(23, '0')}`;

async function setup(journal?: JournalHandle) {
  const handle = journal ?? (await openJournal({ name: freshDbName('recipes') }));
  const make = createEventFactory({ actor: 'device:a', clock, newId });
  const stream = createStream(handle, createReadModels(), { clock });
  await stream.ready;
  const fired: Array<() => void> = [];
  const calls = { chat: 0, project: [] as (string | undefined)[], selected: [] as string[], doc: [] as string[] };
  let recipes!: RecipesService;
  const activeAgent = createActiveAgent({ resolve: (id) => recipes.get(id) });
  const errors: unknown[] = [];
  createRoot((dispose) => {
    cleanups.push(dispose, () => stream.dispose());
    recipes = createRecipesService({
      journal: handle,
      recentEvents: stream.recentEvents,
      make,
      newId,
      fetch,
      registry: { capability: toolCapability },
      currentProject: () => 'p1',
      setProject: (p) => calls.project.push(p),
      chooseModel: async () => ({
        id: 'probe',
        reason: 'preferred model openai:llama is not available here; using fallback probe',
      }),
      activeAgent,
      openChat: () => void (calls.chat += 1),
      attachInDoc: async (_p, agent) => void calls.doc.push(agent.id),
      onError: (error) => errors.push(error),
      timers: { setTimeout: (run) => fired.push(run), clearTimeout: () => undefined },
    });
  });
  await expectLoaded(recipes);
  const kinds = async (prefix: string) => (await handle.query({ kindPrefixes: [prefix], limit: 100 })).events.reverse();
  return { journal: handle, recipes, activeAgent, fired, calls, kinds, errors };
}

async function expectLoaded(recipes: RecipesService) {
  for (let i = 0; i < 100 && !recipes.loaded(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(recipes.loaded()).toBe(true);
}

describe('recipes service', () => {
  it('installs a folder: one recipes.installed in the current project, with the files beside it and the manifest hash', async () => {
    const { recipes, kinds } = await setup();
    const result = await recipes.install(folder(RECIPE('1.0.0'), { 'README.md': '# Save a page' }));
    expect(result.ok).toBe(true);
    const [event, ...rest] = await kinds('recipes.');
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      project_id: 'p1',
      payload: {
        recipe: { id: 'save-page', version: '1.0.0' },
        files: { 'README.md': '# Save a page' },
        source: 'folder',
      },
    });
    expect(event!.payload['sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(recipes.list().map((r) => r.manifest.id)).toEqual(['save-page']);
  });

  it('refuses the installed version again unless Reinstall, and stores an update with its previous version', async () => {
    const { recipes, kinds } = await setup();
    await recipes.install(folder(RECIPE('1.0.0')));
    const again = await recipes.install(folder(RECIPE('1.0.0')));
    expect(again.ok ? [] : again.error).toEqual([
      { path: 'version', message: expect.stringContaining('save-page 1.0.0 is already installed; choose Reinstall') },
    ]);
    expect(await kinds('recipes.')).toHaveLength(1);
    expect((await recipes.install(folder(RECIPE('1.0.0')), { overwrite: true })).ok).toBe(true);
    const prepared = await recipes.prepare(folder(RECIPE('1.1.0')));
    expect(prepared.ok && prepared.value.change).toBe('update');
    if (prepared.ok) await recipes.apply(prepared.value);
    const events = await kinds('recipes.');
    expect(events.map((e) => e.payload['previous_version'])).toEqual([undefined, undefined, '1.0.0']);
    expect(recipes.get('save-page')?.manifest.version).toBe('1.1.0');
  });

  it('an invalid manifest gets one error per bad field with its path, and nothing is stored', async () => {
    const { recipes, kinds } = await setup();
    const bad = RECIPE('1.0', 'step_limit: 99\ncolour: blue\n').replace(
      '- { id: http.fetch, mode: ask }',
      '- { id: http.fetch, mode: sometimes }',
    );
    const result = await recipes.install(folder(bad));
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.error.map((e) => e.path).sort();
    expect(paths).toEqual(['colour', 'step_limit', 'tools[0].mode', 'version']);
    expect(await kinds('recipes.')).toEqual([]);
    expect(recipes.list()).toEqual([]);
  });

  it('refuses a tool the hub lacks and a capability the manifest does not declare (the registry check)', async () => {
    const { recipes, kinds } = await setup();
    const text = RECIPE('1.0.0').replace('capabilities: [net:http, project:write]', 'capabilities: [net:http]');
    const result = await recipes.install(folder(text));
    expect(result.ok ? [] : result.error).toEqual([
      { path: 'tools[1].id', message: 'tool notes.append needs project:write, which the manifest does not declare' },
    ]);
    expect(await kinds('recipes.')).toEqual([]);
  });

  it('uninstall waits out the undo window: undo writes nothing, otherwise recipes.uninstalled removes it', async () => {
    const { recipes, fired, kinds } = await setup();
    await recipes.install(folder(RECIPE('1.0.0')));
    const first = await recipes.uninstall('save-page');
    expect(recipes.pendingUninstalls().map((p) => p.id)).toEqual(['save-page']);
    await first.undo();
    expect(recipes.pendingUninstalls()).toEqual([]);
    fired.splice(0).forEach((run) => run()); // the window ends: the undone uninstall writes nothing
    expect((await kinds('recipes.uninstalled')).length).toBe(0);
    await recipes.uninstall('save-page');
    fired.splice(0).forEach((run) => run());
    for (let i = 0; i < 50 && recipes.list().length > 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(recipes.list()).toEqual([]);
    expect((await kinds('recipes.uninstalled')).map((e) => [e.project_id, e.payload])).toEqual([
      ['p1', { recipe_id: 'save-page', version: '1.0.0' }],
    ]);
  });

  it('undoUninstall cancels a pending uninstall by id (the Undo button), once', async () => {
    const { recipes, fired, kinds } = await setup();
    await recipes.install(folder(RECIPE('1.0.0')));
    await recipes.uninstall('save-page');
    expect(await recipes.undoUninstall('save-page')).toBe(true);
    expect(await recipes.undoUninstall('save-page')).toBe(false);
    fired.splice(0).forEach((run) => run());
    expect(await kinds('recipes.uninstalled')).toEqual([]);
    expect(recipes.list()).toHaveLength(1);
  });

  it('another tab (or device) reading the same journal lists what was installed', async () => {
    const first = await setup();
    await first.recipes.install(folder(RECIPE('2.0.0')));
    const second = await setup(first.journal);
    expect(second.recipes.list().map((r) => r.manifest.version)).toEqual(['2.0.0']);
  });

  it('launch opens a conversation bound to the project with the recipe as agent, the model and why, then Chat', async () => {
    const { recipes, activeAgent, calls, kinds } = await setup();
    await recipes.install(folder(RECIPE('1.0.0')));
    await recipes.launch('save-page', 'p2');
    const [created] = await kinds('conversation.');
    expect(created).toMatchObject({
      project_id: 'p2',
      payload: { title: 'Save a page', agent: 'recipe:save-page', recipe_id: 'save-page', model: 'probe' },
    });
    const agent = activeAgent.agent();
    expect(agent.id).toBe('recipe:save-page');
    expect(agent.id !== 'chat' && [agent.conversationId, agent.modelReason, agent.projectId]).toEqual([
      created!.payload['conversation_id'],
      'preferred model openai:llama is not available here; using fallback probe',
      'p2',
    ]);
    expect([calls.chat, calls.project]).toEqual([1, ['p2']]);
    await expect(recipes.launch('missing', 'p2')).rejects.toThrow('no recipe "missing" is installed');
  });

  it('attach adds the agent to the project document and journals projects.agent.attached', async () => {
    const { recipes, calls, kinds } = await setup();
    await recipes.install(folder(RECIPE('1.0.0')));
    await recipes.attach('save-page', 'p1');
    expect(calls.doc).toEqual(['recipe:save-page']);
    const [attached] = await kinds('projects.agent.');
    expect(attached).toMatchObject({
      project_id: 'p1',
      payload: { agent_id: 'recipe:save-page', label: 'Save a page' },
    });
  });
});
