/** Generated docs (gating keys, configuration) match their source; MCP tools match the agent's registry. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { createBuiltinTools } from '../../core/agent/tools';
import { MCP_TOOLS } from '../../spec/mcp-tools';
import { CONFIG_SHAPE } from '../../sync-server/config';
import { generateDocs } from '../../sync-server/introspection/generated';

const root = resolve(import.meta.dirname, '../..');

test('docs/gating-keys.md and docs/configuration.md are up to date (run `npm run spec:gen` to fix)', () => {
  for (const [path, text] of generateDocs())
    expect(readFileSync(resolve(root, path), 'utf8'), `${path} drifted`).toBe(text);
});

test('docs/configuration.md lists every env var of the config schema with a default or example', () => {
  const page = generateDocs().get('docs/configuration.md')!;
  for (const name of Object.keys(CONFIG_SHAPE)) expect(page).toMatch(new RegExp(`\\| \`${name}\` \\|`));
});

test('the MCP tool list names exactly the agent’s built-in tools', () => {
  const ids = createBuiltinTools({ now: () => 0 })
    .list()
    .map((tool) => tool.id)
    .sort();
  expect(MCP_TOOLS.map((tool) => tool.name).sort()).toEqual(ids);
});
