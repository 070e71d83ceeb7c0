import { expect, test } from 'vitest';
import { BUILTIN_MANIFESTS } from '../../core/tools/manifests';
import { recipeToolRegistry, recipeVersionOf } from './tool-registry';

const plugin = {
  manifest: {
    id: 'counter',
    version: '2.0.1',
    tools: [
      { id: 'files.read' },
      { id: 'demo.count', version: '1.0.0', plugin: { permissions: [{ capability: 'fs:read', reason: 'counts' }] } },
    ],
  },
};

test('the registry is the built-ins plus plugin tools, and keeps its identity until the recipes change', () => {
  let installed: (typeof plugin)[] | undefined;
  const tools = recipeToolRegistry(() => installed);
  expect(tools()).toBe(BUILTIN_MANIFESTS);
  installed = [plugin];
  const first = tools();
  expect(first.map((tool) => tool.id)).toContain('demo.count');
  expect(first.find((tool) => tool.id === 'demo.count')).toEqual({
    id: 'demo.count',
    version: '1.0.0',
    permissions: [{ capability: 'fs:read', reason: 'counts' }],
  });
  expect(tools()).toBe(first);
  installed = [];
  expect(tools()).toBe(BUILTIN_MANIFESTS);
});

test("a recipe subject's version comes from the installed recipe", () => {
  const version = recipeVersionOf(() => [plugin]);
  expect(version('recipe:counter')).toBe('2.0.1');
  expect(version('recipe:other')).toBeUndefined();
  expect(version('agent:chat')).toBeUndefined();
});
