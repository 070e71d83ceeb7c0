/**
 * The Cedar schema: the checked-in copy matches a fresh generation from the tool
 * registry (drift), the shipped policies validate against it strictly, and an invalid
 * policy is refused with its line, column and message.
 */
import * as cedarNode from '@cedar-policy/cedar-wasm/nodejs';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_MANIFESTS } from '../../tools/manifests';
import type { CedarApi } from './cedar-api';
import { SHIPPED_POLICIES } from './policy-set';
import {
  CEDAR_SCHEMA_PATH,
  CEDAR_SCHEMA_TEXT_PATH,
  cedarActions,
  cedarSchemaFor,
  cedarSchemaHuman,
  cedarSchemaText,
  type CedarSchemaToText,
} from './schema';
import { positionOf, validatePolicyText } from './validate';

const cedar = cedarNode as unknown as CedarApi;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const schema = cedarSchemaFor(BUILTIN_MANIFESTS);

describe('the Cedar schema', () => {
  it('spec/generated/cedar-schema.json is up to date (run `npm run spec:gen` to fix)', () => {
    const checkedIn = readFileSync(join(root, 'spec/generated', CEDAR_SCHEMA_PATH), 'utf8');
    expect(checkedIn).toBe(cedarSchemaText(BUILTIN_MANIFESTS));
  });

  it('spec/generated/cedar-schema.cedarschema is the same schema in Cedar text form', () => {
    const checkedIn = readFileSync(join(root, 'spec/generated', CEDAR_SCHEMA_TEXT_PATH), 'utf8');
    const api = cedarNode as unknown as { schemaToText: CedarSchemaToText };
    expect(checkedIn).toBe(cedarSchemaHuman(api.schemaToText(schema)));
  });

  it('follows the tool registry: a tool declaring a new capability adds its action and is named on it', () => {
    const plugin = {
      id: 'demo.word-count',
      version: '1.0.0',
      permissions: [{ capability: 'sandbox:demo', reason: 'x' }],
    };
    expect(cedarActions([...BUILTIN_MANIFESTS, plugin])).toContain('sandbox:demo');
    const actions = (
      cedarSchemaFor([...BUILTIN_MANIFESTS, plugin])[''] as {
        actions: Record<string, { annotations: { tools: string } }>;
      }
    ).actions;
    expect(actions['sandbox:demo'].annotations.tools).toBe('demo.word-count');
    expect(actions['net:http'].annotations.tools).toBe('http.fetch');
    expect(
      cedar.validate({
        schema: cedarSchemaFor([plugin]),
        policies: { staticPolicies: {} },
        validationSettings: { mode: 'strict' },
      }).type,
    ).toBe('success');
  });

  it('every shipped policy, the disabled examples too, validates strictly', () => {
    for (const policy of SHIPPED_POLICIES)
      expect(validatePolicyText(cedar, schema, policy.text), policy.id).toEqual({ ok: true });
    const tool =
      'forbid(principal, action, resource) when { context.tool.capabilities.contains("net:http") && context.lease.ttl_left_secs < 60 };';
    expect(validatePolicyText(cedar, schema, tool)).toEqual({ ok: true });
  });

  it('refuses an invalid policy with its line, column and message', () => {
    const text =
      'permit(principal, action, resource);\n\nforbid(principal, action == Action::"net:http", resource)\nwhen { resource.hots == "x" };';
    const result = validatePolicyText(cedar, schema, text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 4, column: 8 });
    expect(result.errors[0]!.message).toMatch(/attribute `hots`.*not found.*host/);
  });

  it('reports a parse error at its place, and an unknown action', () => {
    const parse = validatePolicyText(cedar, schema, 'forbid(principal, action, resource)\nwhen { 1 + };');
    expect(parse.ok).toBe(false);
    if (!parse.ok) expect(parse.errors[0]).toMatchObject({ line: 2 });
    const action = validatePolicyText(cedar, schema, 'forbid(principal, action == Action::"net:ftp", resource);');
    expect(action.ok).toBe(false);
    if (!action.ok) expect(action.errors[0]!.message).toMatch(/unrecognized action/);
    const empty = validatePolicyText(cedar, schema, '// nothing here');
    expect(empty.ok).toBe(false);
  });

  it('positions are 1-based lines and columns', () => {
    expect(positionOf('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
