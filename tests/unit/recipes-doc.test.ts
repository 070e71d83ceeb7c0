/**
 * Doc-tests of recipes (reference A.3): every shipped recipe and every manifest example
 * in docs/recipes.md validates and passes the install check against the built-in tools;
 * the catalogue lists exactly the shipped folders; the generated JSON Schema has not
 * drifted from the zod source and accepts the same manifests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { checkRecipe } from '../../core/recipes/check';
import { BUILTIN_TOOLS, toolCapability } from '../../core/tools/builtin';
import { generateArtifacts, RECIPE_MANIFEST_ARTIFACT } from '../../spec/artifacts';
import { parseRecipe, placeholdersIn, RecipeManifestSchema, type RecipeManifest } from '../../spec/recipe';
import { schemaProblems, type JsonSchema } from '../support/json-schema-lite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const recipesDir = join(root, 'public/recipes');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const registry = { capability: toolCapability };

const folders = readdirSync(recipesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const shipped = folders.map((id) => ({ id, text: read(`public/recipes/${id}/recipe.yaml`) }));

const docs = read('docs/recipes.md');
const blocks = (lang: string) =>
  [...docs.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((match) => match[1]!);
const docManifests = [
  ...blocks('yaml').filter((text) => text.startsWith('id:')),
  ...blocks('json').filter((text) => Object.keys(JSON.parse(text) as object)[0] === 'id'),
];

function valid(text: string): RecipeManifest {
  const parsed = parseRecipe(text);
  if (!parsed.ok) throw new Error(`invalid manifest: ${JSON.stringify(parsed.error)}\n${text}`);
  return parsed.value;
}

/** Keys each built-in tool's params accept, from its JSON Schema. */
const toolKeys = new Map(
  BUILTIN_TOOLS.map((tool) => [
    tool.name,
    Object.keys((z.toJSONSchema(tool.params, { io: 'input' }) as { properties?: object }).properties ?? {}),
  ]),
);

describe.each([
  ...shipped.map(({ id, text }) => [`public/recipes/${id}/recipe.yaml`, text] as const),
  ...docManifests.map((text, index) => [`docs/recipes.md example ${index + 1}`, text] as const),
])('%s', (_name, text) => {
  test('validates and passes the install check against the built-in tools', () => {
    expect(checkRecipe(valid(text), registry)).toEqual([]);
  });

  test('every param it sets is one its tool takes', () => {
    const manifest = valid(text);
    const params = [
      ...manifest.tools.map((tool) => [tool.id, tool.params] as const),
      ...(manifest.workflow ?? []).map((step) => [step.tool, step.params] as const),
    ];
    for (const [tool, given] of params)
      if (tool !== undefined && given !== undefined)
        expect(toolKeys.get(tool), `${tool} params`).toEqual(expect.arrayContaining(Object.keys(given)));
  });

  test('the generated JSON Schema accepts it', () => {
    const schema = JSON.parse(read(`spec/${RECIPE_MANIFEST_ARTIFACT}`)) as JsonSchema;
    const raw: unknown = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
    expect(schemaProblems(schema, raw)).toEqual([]);
  });
});

describe('shipped recipes', () => {
  test('there are the six of the issue and count-words (issue 14: a plugin), each in the folder named by its id', () => {
    expect(folders).toEqual([
      'calculator-tutor',
      'count-words',
      'file-organizer',
      'meeting-notes-keeper',
      'save-page-to-notes',
      'search-my-journal',
      'summarize-page',
    ]);
    for (const { id, text } of shipped) expect(valid(text).id).toBe(id);
  });

  test('index.json lists exactly the folders, each with its manifest path', () => {
    const index = JSON.parse(read('public/recipes/index.json')) as { recipes: { id: string; path: string }[] };
    expect(index.recipes.map((r) => r.id).sort()).toEqual(folders);
    for (const entry of index.recipes) expect(entry.path).toBe(`${entry.id}/recipe.yaml`);
  });

  test('tools that reach the network, files or the notes ask; tools that need nothing are allowed', () => {
    for (const { text } of shipped)
      for (const tool of valid(text).tools) {
        const mode = typeof tool.mode === 'string' ? tool.mode : tool.mode.mode;
        expect(`${tool.id}: ${mode}`).toBe(`${tool.id}: ${toolCapability(tool.id) === null ? 'allow' : 'ask'}`);
      }
  });

  test('save-page-to-notes runs as a workflow with no model and no prompt step', () => {
    const manifest = valid(shipped.find((r) => r.id === 'save-page-to-notes')!.text);
    expect(manifest.model).toBeUndefined();
    expect(manifest.workflow?.map((step) => step.tool)).toEqual(['http.fetch', 'text.extract', 'notes.append']);
  });

  test('every recipe with a model has a system prompt, and the user template takes the input', () => {
    for (const { id, text } of shipped) {
      const manifest = valid(text);
      if (manifest.model === undefined) continue;
      expect(manifest.prompts?.system, id).toBeTruthy();
      expect(placeholdersIn(manifest.prompts?.user_template ?? ''), id).toEqual(['input']);
    }
  });
});

describe('docs/recipes.md', () => {
  test('has manifest examples in YAML and JSON', () => {
    expect(blocks('yaml').filter((text) => text.startsWith('id:')).length).toBeGreaterThanOrEqual(3);
    expect(docManifests.length).toBeGreaterThan(blocks('yaml').filter((text) => text.startsWith('id:')).length);
  });

  test('its complete example is byte-identical to the shipped save-page-to-notes recipe', () => {
    expect(blocks('yaml')[0]).toBe(read('public/recipes/save-page-to-notes/recipe.yaml'));
  });

  test('its invalid example gets exactly the errors the page lists', () => {
    const bad = blocks('yaml').find((text) => text.startsWith('# not a valid manifest'))!;
    // The block right after the example's closing fence.
    const listed = docs
      .split(bad)[1]!
      .replace(/^```\n/, '')
      .match(/```\n([\s\S]*?)```/)![1]!;
    const parsed = parseRecipe(bad);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.map((e) => `${e.path}: ${e.message}`).join('\n')).toBe(listed.trimEnd());
    expect(schemaProblems(JSON.parse(read(`spec/${RECIPE_MANIFEST_ARTIFACT}`)) as JsonSchema, parseYaml(bad))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^autor: not allowed/), expect.stringMatching(/^version: /)]),
    );
  });

  test('documents every top-level field', () => {
    for (const key of Object.keys(RecipeManifestSchema.shape)) expect(docs).toContain(`| \`${key}\``);
  });
});

describe('spec/schemas/recipe_manifest.json', () => {
  test('equals what z.toJSONSchema gives for RecipeManifestSchema now (run `npm run spec:gen` to fix)', () => {
    const generated = generateArtifacts().get(RECIPE_MANIFEST_ARTIFACT)!;
    expect(read(`spec/${RECIPE_MANIFEST_ARTIFACT}`)).toBe(generated);
    expect(read(`spec/generated/${RECIPE_MANIFEST_ARTIFACT}`)).toBe(generated);
    const { $schema, $id, title, description, ...rest } = JSON.parse(generated) as Record<string, unknown>;
    expect({ $schema, $id, title, description }).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://arw-hub.local/spec/schemas/recipe_manifest.json',
      title: 'AgentRecipeManifest',
      description: 'A recipe manifest (SPEC §4)',
    });
    const now = z.toJSONSchema(RecipeManifestSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    const { $schema: _drop, ...fresh } = now as Record<string, unknown>;
    expect(rest).toEqual(fresh);
  });

  test('is strict at the top level and requires the fields parseRecipe requires', () => {
    const schema = JSON.parse(read(`spec/${RECIPE_MANIFEST_ARTIFACT}`)) as JsonSchema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['id', 'name', 'version', 'description', 'intent_preview']);
  });
});
