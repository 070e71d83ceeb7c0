/**
 * The Cedar schema (issue 14), generated from the tool registry's permission manifests:
 * one action per capability (SPEC §3's and any a tool declares), each annotated with the
 * tools that declare it; the entity types and the context every decision carries. The
 * checked-in copy (spec/generated/cedar-schema.json) is compared with a fresh one in a test.
 */
import { CAPABILITIES } from '../../../spec/capabilities';
import type { ToolManifest } from '../types';

type Attr = { type: string; name?: string; element?: Attr; attributes?: Record<string, Attr>; required?: boolean };
const str: Attr = { type: 'String' };
const long: Attr = { type: 'Long' };
const bool: Attr = { type: 'Boolean' };
const record = (attributes: Record<string, Attr>): Attr => ({ type: 'Record', attributes });

/** The sandbox kinds named as actions even when no tool declares them yet. */
const SANDBOX_KINDS = ['sandbox:wasi'];

/** Entity type names, as policies write them: `Agent::"recipe:x"`, `Action::"net:http"`. */
export const CEDAR_TYPES = { agent: 'Agent', tool: 'Tool', resource: 'Resource', action: 'Action' } as const;

const PERMISSION = record({ capability: str, scope: str, reason: str });

/** The context of every decision; `context.time` is this device's local time. */
export const CONTEXT_TYPE: Attr = record({
  tool: { type: 'Entity', name: CEDAR_TYPES.tool },
  capability: str,
  project: str,
  device: str,
  mode: str,
  lease: record({ present: bool, id: str, ttl_left_secs: long }),
  time: record({ hour: long, minute: long, weekday: long }),
});

const ENTITY_TYPES = {
  [CEDAR_TYPES.agent]: {
    shape: record({ kind: str, name: str, version: str }),
  },
  [CEDAR_TYPES.tool]: {
    shape: record({
      name: str,
      version: str,
      capabilities: { type: 'Set', element: str },
      permissions: { type: 'Set', element: PERMISSION },
    }),
  },
  [CEDAR_TYPES.resource]: {
    shape: record({ scope: str, kind: str, host: str, port: long, path: str, access: str, project: str }),
  },
};

/** Every capability an action exists for: SPEC §3's, the sandbox kinds, and what the tools declare. */
export function cedarActions(tools: readonly ToolManifest[]): string[] {
  const all = new Set<string>([...CAPABILITIES, ...SANDBOX_KINDS]);
  for (const tool of tools) for (const permission of tool.permissions) all.add(permission.capability);
  return [...all].sort();
}

/** The schema in Cedar's JSON form, for `validate` (strict) and the drift check. */
export function cedarSchemaFor(tools: readonly ToolManifest[]): Record<string, unknown> {
  const sorted = [...tools].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const actions: Record<string, unknown> = {};
  for (const capability of cedarActions(sorted)) {
    const declaring = sorted.filter((tool) => tool.permissions.some((p) => p.capability === capability));
    actions[capability] = {
      appliesTo: {
        principalTypes: [CEDAR_TYPES.agent],
        resourceTypes: [CEDAR_TYPES.resource],
        context: { type: 'Context' },
      },
      annotations: { tools: declaring.map((tool) => tool.id).join(' ') || '(none yet)' },
    };
  }
  return {
    '': {
      commonTypes: { Context: CONTEXT_TYPE },
      entityTypes: ENTITY_TYPES,
      actions,
    },
  };
}

/** Where the checked-in copy lives, under spec/generated/. */
export const CEDAR_SCHEMA_PATH = 'cedar-schema.json';

/** The checked-in file's text: stable JSON with a trailing newline. */
export function cedarSchemaText(tools: readonly ToolManifest[]): string {
  return `${JSON.stringify(cedarSchemaFor(tools), null, 2)}\n`;
}
