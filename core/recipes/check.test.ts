/** checkRecipe: a recipe is refused at install when a tool is unknown or needs an undeclared capability. */
import { expect, test } from 'vitest';
import { checkRecipe, type ToolCapabilityRegistry } from './check';

const registry: ToolCapabilityRegistry = {
  capability: (name) => ({ 'http.fetch': 'net:http', 'notes.append': 'project:write', 'math.eval': null })[name],
};

const tool = (id: string) => ({ id, mode: 'ask' as const });

test('a recipe whose tools exist and whose capabilities are declared passes', () => {
  const manifest = {
    capabilities: ['net:http', 'project:write'],
    tools: [tool('http.fetch'), tool('notes.append'), tool('math.eval')],
  };
  expect(checkRecipe(manifest, registry)).toEqual([]);
});

test('a tool needing a capability the manifest does not declare is refused with that reason', () => {
  const manifest = { capabilities: ['project:write'], tools: [tool('notes.append'), tool('http.fetch')] };
  expect(checkRecipe(manifest, registry)).toEqual([
    { path: 'tools[1].id', message: 'tool http.fetch needs net:http, which the manifest does not declare' },
  ]);
});

test('a dotted capability counts as its canonical form', () => {
  expect(checkRecipe({ capabilities: ['net.http'], tools: [tool('http.fetch')] }, registry)).toEqual([]);
});

test('an unknown tool is refused, naming it', () => {
  expect(checkRecipe({ capabilities: [], tools: [tool('math.eval'), tool('shell.run')] }, registry)).toEqual([
    { path: 'tools[1].id', message: 'there is no tool "shell.run" in this hub; check its name' },
  ]);
});

test('a workflow step whose tool is not under tools is refused', () => {
  const manifest = { capabilities: [], tools: [tool('math.eval')], workflow: [{ id: 'a', tool: 'clock.now' }] };
  expect(checkRecipe(manifest, registry)).toEqual([
    { path: 'workflow[0].tool', message: '"clock.now" is not declared under tools' },
  ]);
});
