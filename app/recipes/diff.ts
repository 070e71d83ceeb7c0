/**
 * What an update changes, shown before it is applied: the manifest's fields (added,
 * removed, changed, by path; tools and steps matched by id, lists of words as sets) and
 * the permissions (capabilities asked for, tools and their modes) in plain words.
 */
import type { RecipeManifest } from '../../spec/recipe';
import { modeText, modeWords, toolPermissions, type CapabilityOf, type ToolPermission } from './permissions';

export type Change = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** `description`, `tools[http.fetch].mode`, `tags`. */
  path: string;
  change: Change;
  before?: unknown;
  after?: unknown;
}

export interface PermissionChange {
  change: Change;
  capability?: string;
  tool?: string;
  /** One sentence: what the update does to what the recipe may do. */
  words: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const keyed = (list: unknown[]) => list.every((item) => isObject(item) && typeof item['id'] === 'string');
const scalars = (list: unknown[]) => list.every((item) => typeof item === 'string' || typeof item === 'number');

function walk(path: string, before: unknown, after: unknown, out: FieldChange[]): void {
  if (same(before, after)) return;
  if (before === undefined) return void out.push({ path, change: 'added', after });
  if (after === undefined) return void out.push({ path, change: 'removed', before });
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(path ? `${path}.${key}` : key, before[key], after[key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && keyed(before) && keyed(after)) {
    const byId = (list: unknown[]) => new Map(list.map((item) => [(item as { id: string }).id, item]));
    const [a, b] = [byId(before), byId(after)];
    for (const id of new Set([...a.keys(), ...b.keys()])) walk(`${path}[${id}]`, a.get(id), b.get(id), out);
    const order = (list: unknown[]) =>
      list.map((item) => (item as { id: string }).id).filter((id) => a.has(id) && b.has(id));
    if (!same(order(before), order(after)))
      out.push({ path, change: 'changed', before: order(before), after: order(after) });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && scalars(before) && scalars(after)) {
    for (const item of after) if (!before.includes(item)) out.push({ path, change: 'added', after: item });
    for (const item of before) if (!after.includes(item)) out.push({ path, change: 'removed', before: item });
    return;
  }
  out.push({ path, change: 'changed', before, after });
}

/** Every field that differs between two manifests, in a stable order. */
export function manifestDiff(before: RecipeManifest, after: RecipeManifest): FieldChange[] {
  const out: FieldChange[] = [];
  walk('', before, after, out);
  return out;
}

/**
 * How the permissions change: capabilities asked for or dropped, tools added or removed,
 * modes changed. `describe` gives what a capability lets the agent do (describeCapability).
 */
export function permissionDiff(
  before: RecipeManifest,
  after: RecipeManifest,
  capabilityOf: CapabilityOf,
  describe: (capability: string) => string,
): PermissionChange[] {
  const out: PermissionChange[] = [];
  for (const capability of after.capabilities) {
    if (!before.capabilities.includes(capability)) {
      out.push({ change: 'added', capability, words: `Now asks for ${capability}: it may ${describe(capability)}.` });
    }
  }
  for (const capability of before.capabilities) {
    if (!after.capabilities.includes(capability)) {
      out.push({ change: 'removed', capability, words: `No longer asks for ${capability} (${describe(capability)}).` });
    }
  }
  const tools = (m: RecipeManifest) => new Map(toolPermissions(m, capabilityOf).map((p) => [p.tool, p]));
  const [was, now] = [tools(before), tools(after)];
  const needs = (p: ToolPermission) =>
    p.capability ? `needs ${p.capability}, ${modeWords(p)}` : 'needs no permission';
  for (const [tool, p] of now) {
    const old = was.get(tool);
    const capability = p.capability ?? undefined;
    if (!old) out.push({ change: 'added', tool, capability, words: `Will call ${tool} (${needs(p)}).` });
    else if (modeText(old) !== modeText(p)) {
      out.push({
        change: 'changed',
        tool,
        capability,
        words: `${tool}: was ${modeText(old)} (${modeWords(old)}), now ${modeText(p)} (${modeWords(p)}).`,
      });
    }
  }
  for (const [tool, p] of was) {
    if (!now.has(tool)) {
      out.push({ change: 'removed', tool, capability: p.capability ?? undefined, words: `No longer calls ${tool}.` });
    }
  }
  return out;
}
