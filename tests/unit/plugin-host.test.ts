/**
 * The page side of a plugin call in Node: the real decision point (events folded back in),
 * the real module cache over the shipped .wasm files, and the worker's run in-process
 * (no Worker in Node: the runner is runPlugin itself; the time limit is the e2e's).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createEventFactory } from '../../core/journal';
import { createGatingPolicy } from '../../core/gating';
import { createDecisionPoint } from '../../core/policy/decision-point';
import { applyPolicyEvent, createPolicyState } from '../../core/policy/leases';
import type { ModeSetting } from '../../core/policy/types';
import type { EventEnvelope } from '../../spec';
import { runPlugin } from '../../workers/plugin/run-plugin';
import { MemoryDirectory } from '../../app/tools/testing/memory-directory';
import { checkSha256, createModuleCache, webCryptoSha256 } from '../../app/plugins/module-cache';
import { createPluginExecutor } from '../../app/plugins/plugin-call';
import { createFilesWrite } from '../../app/tools/files';

const shipped = (
  JSON.parse(readFileSync('public/plugins/manifest.json', 'utf8')) as { plugins: { name: string; sha256: string }[] }
).plugins;
const sha = (name: string) => shipped.find((p) => p.name === name)!.sha256;

function setup(options: { mode?: ModeSetting; deny?: string[] } = {}) {
  let n = 0;
  const clock = { now: () => Date.parse('2026-12-01T10:00:00.000Z') };
  const newId = () => `01JE${String(++n).padStart(22, '0')}`;
  const journal: EventEnvelope[] = [];
  const state = createPolicyState();
  const point = createDecisionPoint({
    make: createEventFactory({ actor: 'device:laptop', clock, newId }),
    emit: async (events) => {
      for (const event of events) {
        journal.push(event);
        applyPolicyEvent(state, event);
      }
    },
    clock,
    newId,
    state: () => state,
    ask: () => Promise.reject(new Error('no prompt in this test')),
    by: 'device:laptop',
  });
  const fetched: string[] = [];
  const cache = createModuleCache({
    fetch: async (url) => (fetched.push(url), new Response(readFileSync(`public${url}`))),
    sha256: webCryptoSha256,
  });
  const folder = new MemoryDirectory('garden');
  const gating = createGatingPolicy(options.deny ?? []);
  const write = createFilesWrite(async () => folder);
  const executor = (
    permissions: { capability: 'fs:read' | 'fs:write' | 'net:http'; scope?: string; reason: string }[],
    name = 'word-count',
  ) =>
    createPluginExecutor(
      {
        cache,
        runner: (request) => runPlugin(request),
        authorize: (request, signal) => point.authorize(request, signal),
        folder: async () => folder,
        gating,
        fetch: () => Promise.reject(new Error('no network here')),
        isolated: () => true,
        writeFile: (path, content, context) => Promise.resolve(write({ path, content }, context)),
      },
      {
        id: name === 'word-count' ? 'text.word-count' : `test.${name}`,
        plugin: { module: `/plugins/${name}.wasm`, sha256: sha(name), permissions },
        subject: 'recipe:count-words',
        mode: options.mode ?? 'allow',
      },
    );
  return { executor, folder, journal, fetched, cache };
}

const context = { projectId: 'garden', corrId: '01JE0000000000000000000099' };

describe('a plugin call on the page', () => {
  test('fs:read allowed: /project holds only the files inside the declared scope', async () => {
    const rig = setup();
    await rig.folder.put('docs/a.md', 'one two');
    await rig.folder.put('docs/deep/b.md', 'three');
    await rig.folder.put('secret.txt', 'never seen');
    const run = rig.executor([{ capability: 'fs:read', scope: 'path://docs/**', reason: 'counts' }]);
    expect(await run({}, context)).toEqual({
      stdout: {
        files: [
          { path: 'docs/a.md', words: 2 },
          { path: 'docs/deep/b.md', words: 1 },
        ],
        total: 3,
      },
    });
    const decision = rig.journal.find((e) => e.kind === 'policy.decision')!;
    expect(decision.payload).toMatchObject({ decision: 'allow', capability: 'fs:read', scope: 'path://docs/**' });
  });

  test('paths outside the declared scope are Denied; named paths inside it are all it gets', async () => {
    const rig = setup();
    await rig.folder.put('docs/a.md', 'one two');
    await rig.folder.put('docs/c.md', 'x y z');
    const run = rig.executor([{ capability: 'fs:read', scope: 'path://docs/**', reason: 'counts' }]);
    await expect(run({ paths: ['secret.txt'] }, context)).rejects.toThrow(
      /^Denied: secret.txt is outside the plugin's granted scope path:\/\/docs\/\*\*/,
    );
    expect(await run({ paths: ['docs/c.md'] }, context)).toMatchObject({ stdout: { total: 3 } });
  });

  test('never mode: Denied with the decision point reason, and a policy.decision deny; the plugin never runs', async () => {
    const rig = setup({ mode: 'never' });
    const run = rig.executor([{ capability: 'fs:read', reason: 'counts' }]);
    await expect(run({}, context)).rejects.toThrow(/^Denied: fs:read on path:\/\/\*\* was refused: /);
    expect(rig.journal.find((e) => e.kind === 'policy.decision')?.payload).toMatchObject({ decision: 'deny' });
  });

  test('a denied ingress gating key refuses before the module is fetched; a denied egress key after the run', async () => {
    const ingress = setup({ deny: ['io:ingress:tools.text.*'] });
    await expect(ingress.executor([])({}, context)).rejects.toThrow(
      'Denied: the gating key io:ingress:tools.text.word-count is denied (pattern io:ingress:tools.text.*)',
    );
    expect(ingress.fetched).toEqual([]);
    const egress = setup({ deny: ['io:egress:tools.text.word-count'] });
    await expect(egress.executor([])({}, context)).rejects.toThrow(
      /^Denied: the gating key io:egress:tools.text.word-count is denied/,
    );
    expect(egress.fetched).toEqual(['/plugins/word-count.wasm']);
  });

  test('fs:write: a file the plugin created is written back to the project folder, its path through the decision point', async () => {
    const rig = setup();
    const run = rig.executor(
      [{ capability: 'fs:write', scope: 'path://**', reason: 'writes a summary' }],
      'test-write',
    );
    expect(await run({}, context)).toEqual({ stdout: { wrote: 'summary.txt' }, written: ['summary.txt'] });
    expect(await rig.folder.text('summary.txt')).toBe('written by a plugin\n');
    const decisions = rig.journal.filter((e) => e.kind === 'policy.decision').map((e) => e.payload.scope);
    expect(decisions).toEqual(['path://**', 'path://summary.txt']);
  });

  test('without fs:write the plugin has no /project to write to, and nothing is written', async () => {
    const rig = setup();
    await expect(rig.executor([], 'test-write')({}, context)).rejects.toThrow(
      /^Runtime: the plugin exited with code 1; stderr: test-write: cannot create summary.txt/,
    );
    expect(await rig.folder.text('summary.txt')).toBeUndefined();
  });

  test('the module is fetched and compiled once per sha256 (warm calls skip both)', async () => {
    const rig = setup();
    const run = rig.executor([]);
    await run({}, context);
    await run({}, context);
    expect(rig.fetched).toEqual(['/plugins/word-count.wasm']);
    expect(rig.cache.has(sha('word-count'))).toBe(true);
  });
});

describe('the sha256 check', () => {
  test('bytes that do not hash to the manifest value are a Runtime error naming both', async () => {
    const bytes = readFileSync('public/plugins/word-count.wasm');
    await expect(checkSha256(bytes, sha('word-count'), '/plugins/word-count.wasm', webCryptoSha256)).resolves.toBe(
      undefined,
    );
    await expect(checkSha256(bytes, 'ab'.repeat(32), '/plugins/word-count.wasm', webCryptoSha256)).rejects.toThrow(
      `Runtime: the module /plugins/word-count.wasm does not match its manifest: its sha256 is ${sha('word-count')}, the manifest says ${'ab'.repeat(32)}`,
    );
  });

  test('a mismatch is not cached: the next call fetches again', async () => {
    const cache = createModuleCache({
      fetch: async (url) => new Response(readFileSync(`public${url}`)),
      sha256: webCryptoSha256,
    });
    await expect(cache.load('/plugins/word-count.wasm', '00'.repeat(32))).rejects.toThrow(/does not match/);
    expect(cache.has('00'.repeat(32))).toBe(false);
  });
});
