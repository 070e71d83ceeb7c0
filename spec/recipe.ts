/**
 * The recipe manifest contract (SPEC §4, reference C.5): `RecipeManifestSchema` and
 * `parseRecipe`, which reads YAML or JSON and answers with the manifest or one plain
 * error per bad field. The install-time tool check lives in core/recipes/check.ts.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { describeValue, fieldErrors, ROOT_PATH, type FieldError } from './recipe-errors';
import { recipeRuleIssues } from './recipe-rules';
import { ModeSettingSchema, RecipeShapeSchema, RecipeStepSchema, RecipeToolSchema } from './recipe-schema';

export type { FieldError } from './recipe-errors';
export { describeValue, pathText } from './recipe-errors';
export { parsePlaceholder, placeholdersIn, PLACEHOLDER_SOURCE, type Placeholder } from './recipe-rules';
export * from './recipe-schema';
export { CAPABILITIES, DOTTED_CAPABILITIES, normalizeCapability } from './capabilities';

type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** The manifest with every rule, fields and across fields (what installed recipes satisfy). */
export const RecipeManifestSchema = RecipeShapeSchema.superRefine((manifest, context) => {
  for (const issue of recipeRuleIssues(manifest)) context.addIssue({ code: 'custom', ...issue });
});

/** A parsed manifest: capabilities normalized, defaults filled (tools [], mode ask, step_limit 8, tags []). */
export type RecipeManifest = z.output<typeof RecipeManifestSchema>;
/** A manifest as written (before defaults and normalization). */
export type RecipeManifestInput = z.input<typeof RecipeManifestSchema>;
export type RecipeTool = z.output<typeof RecipeToolSchema>;
export type RecipeStep = z.output<typeof RecipeStepSchema>;
export type RecipeModeSetting = z.output<typeof ModeSettingSchema>;
export type RecipeFormat = 'yaml' | 'json';

/** Manifests are small; this bounds what a pasted or fetched file can make the parser do. */
export const MAX_RECIPE_CHARS = 256 * 1024;

const fail = (message: string, path = ROOT_PATH): Result<never, FieldError[]> => ({
  ok: false,
  error: [{ path, message }],
});

function readYaml(text: string, label = 'YAML'): Result<unknown, FieldError[]> {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const first = document.errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    return fail(`${label} syntax error at line ${line}, column ${col}: ${first.message.split('\n')[0]}`);
  }
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return fail(`${label} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readJson(text: string): Result<unknown, FieldError[]> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // Node's JSON errors do not always say where; the YAML reader (JSON is YAML) does.
    const located = readYaml(text, 'JSON');
    if (!located.ok) return located;
    return fail(`JSON syntax error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Checks an already-read manifest value (e.g. from an event or a JSON body). */
export function validateRecipe(input: unknown): Result<RecipeManifest, FieldError[]> {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return fail(
      `a manifest must be a mapping of fields (id, name, version, ...); got ${
        input === null || input === undefined ? 'an empty document' : describeValue(input)
      }`,
    );
  const shape = RecipeShapeSchema.safeParse(input, { reportInput: true });
  const errors = fieldErrors(shape.success ? [] : shape.error.issues, recipeRuleIssues(input));
  if (errors.length > 0 || !shape.success) return { ok: false, error: errors };
  return { ok: true, value: shape.data };
}

/**
 * Reads a manifest written in YAML or JSON (`format` from the first non-space
 * character when not given: `{` is JSON) and validates it. Never throws.
 */
export function parseRecipe(text: string, format?: RecipeFormat): Result<RecipeManifest, FieldError[]> {
  if (text.length > MAX_RECIPE_CHARS)
    return fail(`the manifest has ${text.length} characters; at most ${MAX_RECIPE_CHARS} are accepted`);
  const kind = format ?? (text.trimStart().startsWith('{') ? 'json' : 'yaml');
  const read = kind === 'json' ? readJson(text) : readYaml(text);
  return read.ok ? validateRecipe(read.value) : read;
}
