/**
 * The recipe manifest's shape (SPEC §4, reference C.5 with its HEAD tightening): one
 * strict zod object per level, so unknown keys are refused everywhere. Every field's
 * words live in RECIPE_FIELD_HINTS, used both as the JSON Schema's descriptions and in
 * the errors a person reads. Rules across fields are in recipe-rules.ts.
 */
import { z } from 'zod';
import { CAPABILITY_KEY_PATTERN, CAPABILITY_WORDS, normalizeCapability } from './capabilities';

export const RECIPE_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Step ids have no dots, so `{{steps.<id>.<path>}}` reads one way only. */
export const STEP_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const TOOL_ID_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,63}$/;
export const SEMVER_PATTERN = /^[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const MAX_TTL_SECS = 86_400;
export const DEFAULT_STEP_LIMIT = 8;
/** A plugin tool's id: `namespace.name` (reference B.1: a namespace, no spaces). */
export const PLUGIN_TOOL_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,31}\.[a-z0-9][a-z0-9._-]{0,31}$/;
/** A plugin module the hub serves: `/plugins/<file>.wasm`. */
export const PLUGIN_MODULE_PATTERN = /^\/plugins\/[a-z0-9][a-z0-9._-]{0,63}\.wasm$/;
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
/** Plugin limits (issue 14): defaults and the largest values a manifest may ask for. */
export const PLUGIN_LIMITS = {
  time_ms: { default: 2000, max: 30_000 },
  memory_pages: { default: 256, max: 1024 },
  output_bytes: { default: 65_536, max: 1_048_576 },
} as const;

/** What each field accepts, in plain words; keys are paths with `[]` for any index. */
export const RECIPE_FIELD_HINTS: Readonly<Record<string, string>> = {
  id: 'a slug of 1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  name: 'a display name of 1 to 120 characters',
  version: 'a semantic version like 1.0.0',
  description: 'text of 1 to 2000 characters saying what the recipe does',
  author: 'a name of 1 to 200 characters',
  model: 'a mapping with preferred and optionally fallback',
  'model.preferred': 'a model id as the model picker knows it, such as "openai:*" or "probe"',
  'model.fallback': 'a model id as the model picker knows it, such as "openai:*" or "probe"',
  prompts: 'a mapping with system and optionally user_template',
  'prompts.system': 'the system prompt, text of 1 to 20000 characters',
  'prompts.user_template': 'text of 1 to 20000 characters; {{input}} stands for what the person typed',
  capabilities: 'a list of up to 16 capabilities',
  'capabilities[]': `a capability: ${CAPABILITY_WORDS}`,
  tools: 'a list of up to 32 tools',
  'tools[]': 'a mapping with id, and optionally mode and params',
  'tools[].id': 'a tool id such as http.fetch',
  'tools[].mode': 'ask, allow or never, or a mapping {mode, ttl_secs}',
  'tools[].mode.mode': 'ask, allow or never',
  'tools[].mode.ttl_secs': `a whole number of seconds from 1 to ${MAX_TTL_SECS}, which is one day`,
  'tools[].params': 'a mapping of default parameters for the tool',
  'tools[].version': "the tool's semantic version like 1.0.0 (a plugin tool needs one)",
  'tools[].plugin': 'a mapping with module, sha256, permissions and optionally limits',
  'tools[].plugin.module': 'the path of a WebAssembly module the hub serves, like /plugins/word-count.wasm',
  'tools[].plugin.sha256': "the module's SHA-256 as 64 lower-case hex digits (npm run plugins:build prints it)",
  'tools[].plugin.permissions': 'a list of up to 8 capabilities the plugin uses',
  'tools[].plugin.permissions[]': 'a mapping with capability, reason and optionally scope',
  'tools[].plugin.permissions[].capability': 'fs:read, fs:write or net:http',
  'tools[].plugin.permissions[].scope': 'a scope such as path://docs/** or net://example.org',
  'tools[].plugin.permissions[].reason': 'text of 1 to 300 characters saying why the plugin needs it',
  'tools[].plugin.limits': 'a mapping with time_ms, memory_pages and output_bytes (all optional)',
  'tools[].plugin.limits.time_ms': `a whole number of milliseconds from 10 to ${PLUGIN_LIMITS.time_ms.max}`,
  'tools[].plugin.limits.memory_pages': `a whole number of 64 KiB pages from 1 to ${PLUGIN_LIMITS.memory_pages.max}`,
  'tools[].plugin.limits.output_bytes': `a whole number of bytes from 1 to ${PLUGIN_LIMITS.output_bytes.max}`,
  workflow: 'a list of 1 to 32 steps',
  'workflow[]': 'a mapping with id, a tool or a prompt, and optionally label and params',
  'workflow[].id': 'a step id of 1 to 64 lower-case letters, digits, "_" or "-", with no dots',
  'workflow[].label': 'text of 1 to 200 characters',
  'workflow[].tool': 'a tool id listed under tools',
  'workflow[].prompt': 'a prompt for the model, text of 1 to 20000 characters',
  'workflow[].params': 'a mapping of parameters for the tool',
  step_limit: 'a whole number from 1 to 32',
  intent_preview: 'text of 1 to 500 characters telling the person what the recipe will do',
  ui: 'a mapping with input_label, input_placeholder, form_from_schema and review_required (all optional)',
  'ui.input_label': 'text of 1 to 120 characters',
  'ui.input_placeholder': 'text of 1 to 200 characters',
  'ui.form_from_schema': 'true or false',
  'ui.review_required': 'true or false',
  tags: 'a list of up to 16 tags',
  'tags[]': 'a tag of 1 to 32 lower-case letters, digits or "-"',
  signature: 'a mapping with alg, public_key and value',
  'signature.alg': '"ed25519"',
  'signature.public_key': "the signer's Ed25519 public key, 1 to 128 characters",
  'signature.value': 'the Ed25519 signature, 1 to 256 characters',
};

const about = <T extends z.ZodType>(path: string, schema: T): T =>
  schema.meta({ description: RECIPE_FIELD_HINTS[path] });
const text = (path: string, max: number) => about(path, z.string().min(1).max(max));
const patterned = (path: string, pattern: RegExp) => about(path, z.string().regex(pattern));

export const PermissionModeSchema = z.enum(['ask', 'allow', 'never']);
export const ModeSettingSchema = about(
  'tools[].mode',
  z.union([
    PermissionModeSchema,
    z.strictObject({
      mode: PermissionModeSchema,
      ttl_secs: about('tools[].mode.ttl_secs', z.int().min(1).max(MAX_TTL_SECS)).optional(),
    }),
  ]),
);

const params = (path: string) => about(path, z.record(z.string(), z.unknown()));

export const RecipeModelSchema = about(
  'model',
  z.strictObject({ preferred: text('model.preferred', 200), fallback: text('model.fallback', 200).optional() }),
);

export const RecipePromptsSchema = about(
  'prompts',
  z.strictObject({
    system: text('prompts.system', 20_000),
    user_template: text('prompts.user_template', 20_000).optional(),
  }),
);

/** What a plugin may be granted: files of the project folder and http through the host's bridge. */
export const PLUGIN_CAPABILITIES = ['fs:read', 'fs:write', 'net:http'] as const;

export const PluginPermissionSchema = about(
  'tools[].plugin.permissions[]',
  z.strictObject({
    capability: about(
      'tools[].plugin.permissions[].capability',
      z
        .string()
        .transform((key) => normalizeCapability(key) ?? key)
        .pipe(z.enum(PLUGIN_CAPABILITIES)),
    ),
    scope: text('tools[].plugin.permissions[].scope', 1024).optional(),
    reason: text('tools[].plugin.permissions[].reason', 300),
  }),
);

const limit = (key: keyof typeof PLUGIN_LIMITS, min: number) =>
  about(`tools[].plugin.limits.${key}`, z.int().min(min).max(PLUGIN_LIMITS[key].max)).optional();

export const PluginLimitsSchema = about(
  'tools[].plugin.limits',
  z.strictObject({
    time_ms: limit('time_ms', 10),
    memory_pages: limit('memory_pages', 1),
    output_bytes: limit('output_bytes', 1),
  }),
);

/** A recipe tool that is a WebAssembly (WASI preview 1) plugin run in the sandbox. */
export const PluginSpecSchema = about(
  'tools[].plugin',
  z.strictObject({
    module: patterned('tools[].plugin.module', PLUGIN_MODULE_PATTERN),
    sha256: patterned('tools[].plugin.sha256', SHA256_HEX_PATTERN),
    permissions: about('tools[].plugin.permissions', z.array(PluginPermissionSchema).max(8)).default([]),
    limits: PluginLimitsSchema.optional(),
  }),
);
export type PluginSpec = z.infer<typeof PluginSpecSchema>;

export const RecipeToolSchema = about(
  'tools[]',
  z.strictObject({
    id: patterned('tools[].id', TOOL_ID_PATTERN),
    version: patterned('tools[].version', SEMVER_PATTERN).optional(),
    mode: ModeSettingSchema.default('ask'),
    params: params('tools[].params').optional(),
    plugin: PluginSpecSchema.optional(),
  }),
);

/** One step: exactly one of `tool` or `prompt` (recipe-rules.ts says so when not). */
export const RecipeStepSchema = about(
  'workflow[]',
  z.strictObject({
    id: patterned('workflow[].id', STEP_ID_PATTERN),
    label: text('workflow[].label', 200).optional(),
    tool: patterned('workflow[].tool', TOOL_ID_PATTERN).optional(),
    prompt: text('workflow[].prompt', 20_000).optional(),
    params: params('workflow[].params').optional(),
  }),
);

export const RecipeUiSchema = about(
  'ui',
  z.strictObject({
    input_label: text('ui.input_label', 120).optional(),
    input_placeholder: text('ui.input_placeholder', 200).optional(),
    form_from_schema: about('ui.form_from_schema', z.boolean()).optional(),
    review_required: about('ui.review_required', z.boolean()).optional(),
  }),
);

/** Shape only: verifying the signature over the canonical form is another module's job. */
export const RecipeSignatureSchema = about(
  'signature',
  z.strictObject({
    alg: about('signature.alg', z.literal('ed25519')),
    public_key: text('signature.public_key', 128),
    value: text('signature.value', 256),
  }),
);

const capability = about(
  'capabilities[]',
  z
    .string()
    .regex(CAPABILITY_KEY_PATTERN)
    .transform((key) => normalizeCapability(key) ?? key),
);

/** Every field, no rules across fields; the manifest schema adds those (recipe-rules.ts). */
export const RecipeShapeSchema = z.strictObject({
  id: patterned('id', RECIPE_ID_PATTERN),
  name: text('name', 120),
  version: patterned('version', SEMVER_PATTERN),
  description: text('description', 2000),
  author: text('author', 200).optional(),
  model: RecipeModelSchema.optional(),
  prompts: RecipePromptsSchema.optional(),
  capabilities: about('capabilities', z.array(capability).max(16)).default([]),
  tools: about('tools', z.array(RecipeToolSchema).max(32)).default([]),
  workflow: about('workflow', z.array(RecipeStepSchema).min(1).max(32)).optional(),
  step_limit: about('step_limit', z.int().min(1).max(32)).default(DEFAULT_STEP_LIMIT),
  intent_preview: text('intent_preview', 500),
  ui: RecipeUiSchema.optional(),
  tags: about('tags', z.array(patterned('tags[]', TAG_PATTERN)).max(16)).default([]),
  signature: RecipeSignatureSchema.optional(),
});

/** The keys each mapping accepts, by path pattern, for "unknown key" errors. */
export const RECIPE_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(RecipeShapeSchema.shape),
  model: Object.keys(RecipeModelSchema.shape),
  prompts: Object.keys(RecipePromptsSchema.shape),
  'tools[]': Object.keys(RecipeToolSchema.shape),
  'tools[].mode': ['mode', 'ttl_secs'],
  'tools[].plugin': Object.keys(PluginSpecSchema.shape),
  'tools[].plugin.permissions[]': Object.keys(PluginPermissionSchema.shape),
  'tools[].plugin.limits': Object.keys(PluginLimitsSchema.shape),
  'workflow[]': Object.keys(RecipeStepSchema.shape),
  ui: Object.keys(RecipeUiSchema.shape),
  signature: Object.keys(RecipeSignatureSchema.shape),
};
