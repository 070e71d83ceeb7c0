/**
 * The shipped plugins are what their sources build to (issue 14 item 4): a fresh
 * `npm run plugins:build` into a temporary folder gives byte-identical .wasm files and the
 * same manifest.json, and the example recipe names the shipped word-count's sha256.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { buildPlugins, PLUGIN_OUTPUT } from '../../scripts/build-plugins';

const fresh = mkdtempSync(join(tmpdir(), 'arw-plugins-'));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

describe('plugins:build', () => {
  test('a fresh build equals the shipped files, byte for byte', { timeout: 120_000 }, async () => {
    const built = await buildPlugins(fresh);
    expect(built.map((p) => p.name)).toEqual([
      'http-get',
      'test-bad-import',
      'test-hog',
      'test-loop',
      'test-write',
      'word-count',
    ]);
    expect(readdirSync(fresh).sort()).toEqual(readdirSync(PLUGIN_OUTPUT).sort());
    for (const file of readdirSync(fresh))
      expect(Buffer.compare(readFileSync(join(fresh, file)), readFileSync(join(PLUGIN_OUTPUT, file))), file).toBe(0);
  });

  test('the count-words example names the shipped word-count module and its sha256', () => {
    const manifest = JSON.parse(readFileSync(join(PLUGIN_OUTPUT, 'manifest.json'), 'utf8')) as {
      plugins: { name: string; module: string; sha256: string }[];
    };
    const wordCount = manifest.plugins.find((p) => p.name === 'word-count')!;
    const recipe = parseYaml(readFileSync('public/recipes/count-words/recipe.yaml', 'utf8')) as {
      tools: { plugin: { module: string; sha256: string } }[];
    };
    expect(recipe.tools[0]!.plugin).toMatchObject({ module: wordCount.module, sha256: wordCount.sha256 });
  });
});
