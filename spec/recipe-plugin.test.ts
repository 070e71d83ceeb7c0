/** Plugin tools in a recipe manifest (issue 14 item 4): the plugin block's shape and its rules. */
import { describe, expect, test } from 'vitest';
import { parseRecipe } from './recipe';

const SHA = 'a'.repeat(64);

function manifest(tool: Record<string, unknown>): string {
  return JSON.stringify({
    id: 'count',
    name: 'Count',
    version: '1.0.0',
    description: 'Counts words.',
    capabilities: ['fs:read'],
    tools: [tool],
    workflow: [{ id: 'run', tool: tool.id }],
    intent_preview: 'Counts words in your files.',
  });
}

const PLUGIN = {
  id: 'text.word-count',
  version: '1.0.0',
  plugin: {
    module: '/plugins/word-count.wasm',
    sha256: SHA,
    permissions: [{ capability: 'file.read', scope: 'path://**', reason: 'counts words' }],
  },
};

const errors = (text: string) => {
  const parsed = parseRecipe(text, 'json');
  return parsed.ok ? [] : parsed.error;
};

describe('a plugin tool in a manifest', () => {
  test('parses, with the capability normalized and limits left to their defaults', () => {
    const parsed = parseRecipe(manifest(PLUGIN), 'json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.tools[0]).toMatchObject({
      id: 'text.word-count',
      version: '1.0.0',
      plugin: { permissions: [{ capability: 'fs:read', scope: 'path://**' }] },
    });
    expect(parsed.value.tools[0]!.plugin!.limits).toBeUndefined();
  });

  test('needs a version and a namespace.name id', () => {
    const { version: _version, ...unversioned } = PLUGIN;
    void _version;
    expect(errors(manifest(unversioned))).toContainEqual({
      path: 'tools[0].version',
      message: 'a plugin tool needs a version, like 1.0.0',
    });
    expect(errors(manifest({ ...PLUGIN, id: 'wordcount' }))).toContainEqual({
      path: 'tools[0].id',
      message: 'a plugin tool\'s id is namespace.name, like text.word-count (got "wordcount")',
    });
  });

  test('a bad module path, sha256, capability or limit is named with what is accepted', () => {
    const bad = errors(
      manifest({
        ...PLUGIN,
        plugin: {
          module: 'https://evil.example/x.wasm',
          sha256: 'XYZ',
          permissions: [{ capability: 'shell:exec', reason: 'no' }],
          limits: { time_ms: 60_000, memory_pages: 4096 },
        },
      }),
    );
    const at = (path: string) => bad.find((e) => e.path === path)?.message;
    expect(at('tools[0].plugin.module')).toMatch(/^must be the path of a WebAssembly module the hub serves/);
    expect(at('tools[0].plugin.sha256')).toMatch(/64 lower-case hex digits/);
    expect(at('tools[0].plugin.permissions[0].capability')).toMatch(/fs:read, fs:write or net:http/);
    expect(at('tools[0].plugin.limits.time_ms')).toMatch(/from 10 to 30000/);
    expect(at('tools[0].plugin.limits.memory_pages')).toMatch(/from 1 to 1024/);
  });

  test('an unknown key in the plugin block is named with the accepted ones', () => {
    const bad = errors(manifest({ ...PLUGIN, plugin: { ...PLUGIN.plugin, entry: '_start' } }));
    expect(bad).toContainEqual({
      path: 'tools[0].plugin.entry',
      message: 'unknown key "entry"; accepted keys here: module, sha256, permissions, limits',
    });
  });
});
