/** The list the section shows and Cedar enforces: shipped first with the person's switch over them, ids from names, the tester's sample call. */
import { expect, test } from 'vitest';
import { policyHash, SHIPPED_POLICIES, type PolicySource } from '../../core/policy/cedar/policy-set';
import { checkPolicyFields, mergePolicies, policyIdFor, shortHash } from './policy-list';
import { withDraft } from './policy-services';
import { defaultSample, pluginSampleTools, SAMPLE_TOOLS, sampleRequest, withTool } from './sample-call';

const own = (id: string, name: string, enabled = true): PolicySource => ({
  id,
  name,
  text: 'forbid(principal, action, resource);',
  enabled,
  origin: 'personal',
  hash: policyHash(id),
});

test('shipped ones come first in their order with only their switch taken from a save; the rest by name', () => {
  const baseline = SHIPPED_POLICIES[0]!;
  const override = { ...own(baseline.id, 'renamed', false), text: 'forbid(principal, action, resource);' };
  const merged = mergePolicies([own('b', 'Beta'), override, own('a', 'Alpha')], SHIPPED_POLICIES);
  expect(merged.map((p) => p.id)).toEqual([...SHIPPED_POLICIES.map((p) => p.id), 'a', 'b']);
  expect(merged[0]).toEqual({ ...baseline, enabled: false });
  expect(mergePolicies([], SHIPPED_POLICIES)[0]).toBe(baseline);
});

test('a new id is the name’s slug, numbered when taken; fields are checked with the field named', () => {
  expect(policyIdFor('No fs:write on weekends!', [])).toBe('no-fs-write-on-weekends');
  expect(policyIdFor('No writes', ['no-writes', 'no-writes-2'])).toBe('no-writes-3');
  expect(policyIdFor('!!!', [])).toBe('policy');
  expect(checkPolicyFields({ name: '', text: 'x' })).toMatch(/^Name:/);
  expect(checkPolicyFields({ name: 'x'.repeat(81), text: 'x' })).toMatch(/^Name: 81 characters/);
  expect(checkPolicyFields({ name: 'ok', text: '  ' })).toMatch(/^Policy:/);
  expect(checkPolicyFields({ name: 'ok', text: 'forbid(principal, action, resource);' })).toBeUndefined();
  expect(shortHash('a'.repeat(64))).toBe('aaaaaaaa');
});

test('the tester’s draft replaces the saved policy of its id, or joins the list', () => {
  const list = [own('a', 'A'), own('b', 'B')];
  const draft = own('b', 'B edited', false);
  expect(withDraft(list, draft).map((p) => p.name)).toEqual(['A', 'B edited']);
  expect(withDraft(list, own('c', 'C')).map((p) => p.id)).toEqual(['a', 'b', 'c']);
});

test('the sample call: another tool brings its capability and scope; the request carries only what is filled in', () => {
  const sample = defaultSample('p1');
  expect(sampleRequest(sample)).toEqual({
    tool: 'http.fetch',
    capability: 'net:http',
    scope: 'net://example.com',
    subject: 'agent:chat',
    mode: 'ask',
    projectId: 'p1',
  });
  const write = withTool({ ...sample, subject: ' recipe:x ' }, 'files.write');
  expect(sampleRequest({ ...write, project: '' })).toEqual({
    tool: 'files.write',
    capability: 'fs:write',
    scope: 'path://notes/todo.md',
    subject: 'recipe:x',
    mode: 'ask',
  });
  expect(sampleRequest({ ...sample, scope: ' ', subject: '' })).not.toHaveProperty('scope');
});

test('a recipe plugin tool is offered with its first declared permission; built-in names are not doubled', () => {
  const plugin = {
    id: 'weather.lookup',
    permissions: [{ capability: 'net:http', scope: 'net://*', reason: 'asks a forecast' }],
  };
  const tools = [
    ...SAMPLE_TOOLS,
    ...pluginSampleTools([plugin, { id: 'http.fetch', permissions: plugin.permissions }]),
  ];
  expect(tools.filter((t) => t.name === 'http.fetch')).toHaveLength(1);
  expect(tools.at(-1)).toEqual({ name: 'weather.lookup', capability: 'net:http', scope: 'net://example.com' });
  expect(withTool(defaultSample(undefined), 'weather.lookup', tools)).toMatchObject({
    capability: 'net:http',
    scope: 'net://example.com',
  });
  expect(pluginSampleTools([{ id: 'quiet', permissions: [] }])).toEqual([]);
  const exact = { capability: 'fs:read', scope: 'path://data/in.csv', reason: 'reads' };
  expect(pluginSampleTools([{ id: 'csv.sum', permissions: [exact] }])[0]?.scope).toBe('path://data/in.csv');
});
