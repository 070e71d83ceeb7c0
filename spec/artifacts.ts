/**
 * Generated artifacts of the contract, as text keyed by path under spec/generated/.
 * Pure: `scripts/gen-spec.ts` writes them, a test fails when the checked-in files
 * drift from this source. JSON Schema (draft 2020-12) comes from zod's converter.
 */
import { z } from 'zod';
import { buildAsyncApi } from './asyncapi';
import { EventEnvelopeSchema } from './envelope';
import { AboutSchema, GatingBodySchema, ProblemSchema, TokenCreateBodySchema, TokenViewSchema } from './http';
import { buildMcpTools } from './mcp-tools';
import { buildOpenApi, type OpenApiRoute } from './openapi';
import { RecipeManifestSchema } from './recipe';
import { EVENT_KINDS, KNOWN_KINDS } from './vocabulary';

/** Version of the published contract (info.version of AsyncAPI/OpenAPI). */
export const CONTRACT_VERSION = '0.1.0';

/** JSON Schemas of the server's HTTP bodies, published under schemas/http/. */
const HTTP_SCHEMAS: readonly [string, z.ZodType, string][] = [
  ['problem', ProblemSchema, 'RFC 9457 problem details (SPEC §2)'],
  ['token-create', TokenCreateBodySchema, 'POST /admin/tokens body'],
  ['token', TokenViewSchema, 'A token as listed (hash prefix only)'],
  ['gating', GatingBodySchema, 'POST /admin/gating body'],
  ['about', AboutSchema, 'GET /about'],
];

const BASE_ID = 'https://arw-hub.local/spec/schemas';

/** The recipe manifest's JSON Schema: a generated artifact, also written to spec/schemas/ (its ARW name). */
export const RECIPE_MANIFEST_ARTIFACT = 'schemas/recipe_manifest.json';

function schemaText(schema: z.ZodType, id: string, title: string, description?: string): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = json;
  return `${JSON.stringify({ $schema, $id: `${BASE_ID}/${id}`, title, ...(description ? { description } : {}), ...rest }, null, 2)}\n`;
}

/**
 * Every generated file: path relative to spec/generated/ → content. `routes` (the
 * server's route registry) adds `openapi.json`; scripts/gen-spec.ts passes them.
 */
export function generateArtifacts(options: { routes?: readonly OpenApiRoute[] } = {}): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, schema, title] of HTTP_SCHEMAS)
    files.set(`schemas/http/${name}.json`, schemaText(schema, `http/${name}.json`, title));
  files.set('asyncapi.yaml', buildAsyncApi(CONTRACT_VERSION));
  files.set('mcp-tools.json', buildMcpTools());
  if (options.routes) files.set('openapi.json', buildOpenApi(options.routes, CONTRACT_VERSION));
  files.set('schemas/envelope.json', schemaText(EventEnvelopeSchema, 'envelope.json', 'ARW event envelope (SPEC E1)'));
  files.set(
    RECIPE_MANIFEST_ARTIFACT,
    schemaText(RecipeManifestSchema, 'recipe_manifest.json', 'AgentRecipeManifest', 'A recipe manifest (SPEC §4)'),
  );
  for (const kind of KNOWN_KINDS) {
    const definition = EVENT_KINDS[kind];
    files.set(
      `schemas/events/${kind}.json`,
      schemaText(definition.payload, `events/${kind}.json`, `${kind} payload v${definition.v}`, definition.description),
    );
  }
  const index = KNOWN_KINDS.map((kind) => ({
    kind,
    v: EVENT_KINDS[kind].v,
    description: EVENT_KINDS[kind].description,
    schema: `events/${kind}.json`,
  }));
  files.set('schemas/index.json', `${JSON.stringify({ envelope: 'envelope.json', kinds: index }, null, 2)}\n`);
  return files;
}
