import { describe, expect, test } from 'vitest';
import { checkRecipe } from './check';

const registry = { capability: () => undefined };
const plugin = (capability: 'fs:read' | 'net:http') => ({
  id: 'text.word-count',
  version: '1.0.0',
  mode: 'ask' as const,
  plugin: { module: '/plugins/word-count.wasm', sha256: 'a'.repeat(64), permissions: [{ capability, reason: 'r' }] },
});

describe('installing a recipe with a plugin tool', () => {
  test('a plugin is not looked up in the registry: its declared permissions must be in capabilities', () => {
    expect(checkRecipe({ capabilities: ['fs:read'], tools: [plugin('fs:read')] }, registry)).toEqual([]);
    expect(checkRecipe({ capabilities: [], tools: [plugin('net:http')] }, registry)).toEqual([
      { path: 'tools[0].id', message: 'plugin text.word-count needs net:http, which the manifest does not declare' },
    ]);
  });
});
