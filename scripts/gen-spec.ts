/**
 * Writes the generated contract artifacts under spec/generated/ (JSON Schemas,
 * AsyncAPI, MCP tools, OpenAPI from the server's route registry) and the generated
 * docs pages (docs/gating-keys.md, docs/configuration.md), and the app's copy of
 * web-llm's prebuilt catalog (app/generated/webllm-prebuilt.ts). `npm run spec:gen` after
 * changing spec/, the config schema or a route; tests fail on drift.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cedarSchemaFor,
  cedarSchemaHuman,
  cedarSchemaText,
  CEDAR_SCHEMA_PATH,
  CEDAR_SCHEMA_TEXT_PATH,
  type CedarSchemaToText,
} from '../core/policy/cedar/schema';
import { BUILTIN_MANIFESTS } from '../core/tools/manifests';
import { generateArtifacts, RECIPE_MANIFEST_ARTIFACT } from '../spec/artifacts';
import { generateDocs, serverRouteDocs } from '../sync-server/introspection/generated';
import { renderWebLlmPrebuilt, WEBLLM_PREBUILT_PATH } from './webllm-prebuilt';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'spec/generated');
rmSync(outDir, { recursive: true, force: true });
const files = generateArtifacts({ routes: serverRouteDocs() });
for (const [path, text] of files) {
  mkdirSync(dirname(join(outDir, path)), { recursive: true });
  writeFileSync(join(outDir, path), text);
}
// The Cedar schema policies are validated against, from the built-in tools' permission manifests.
writeFileSync(join(outDir, CEDAR_SCHEMA_PATH), cedarSchemaText(BUILTIN_MANIFESTS));
const cedarModule = (await import('@cedar-policy/cedar-wasm/nodejs')) as unknown as {
  schemaToText?: CedarSchemaToText;
  default?: { schemaToText: CedarSchemaToText };
};
writeFileSync(
  join(outDir, CEDAR_SCHEMA_TEXT_PATH),
  cedarSchemaHuman((cedarModule.schemaToText ?? cedarModule.default!.schemaToText)(cedarSchemaFor(BUILTIN_MANIFESTS))),
);
// The ARW name of the recipe schema (reference A.3): the same bytes as spec/generated/ holds.
const recipeSchemaPath = join(root, 'spec', RECIPE_MANIFEST_ARTIFACT);
mkdirSync(dirname(recipeSchemaPath), { recursive: true });
writeFileSync(recipeSchemaPath, files.get(RECIPE_MANIFEST_ARTIFACT)!);
const docs = generateDocs();
for (const [path, text] of docs) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
const webllm = await import('@mlc-ai/web-llm');
const webllmVersion = (await import('@mlc-ai/web-llm/package.json', { with: { type: 'json' } })).default.version;
writeFileSync(
  join(root, WEBLLM_PREBUILT_PATH),
  renderWebLlmPrebuilt(webllm.prebuiltAppConfig.model_list, webllmVersion),
);
console.log(
  `spec: wrote ${files.size} files under spec/generated/, ${docs.size} docs pages and ${WEBLLM_PREBUILT_PATH}`,
);
