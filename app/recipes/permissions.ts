/**
 * What a manifest asks for, as data the gallery shows: each tool's capability and mode
 * (`net:http=ask@900s`, the reference's `permission_modes` form) and the mode in plain
 * words. The capability of each tool comes from the tool registry, passed in.
 */
import type { RecipeManifest } from '../../spec/recipe';

export type CapabilityOf = (tool: string) => string | null | undefined;

/** One tool the recipe will call, with what it needs and how the person is asked. */
export interface ToolPermission {
  tool: string;
  capability: string | null;
  mode: 'ask' | 'allow' | 'never';
  ttl_secs?: number;
}

type ToolEntry = RecipeManifest['tools'][number];

/** The mode of one tool entry (the schema's default is `ask`). */
export function modeOf(entry: ToolEntry): { mode: 'ask' | 'allow' | 'never'; ttl_secs?: number } {
  const setting = entry.mode as ToolEntry['mode'] | undefined;
  if (setting === undefined) return { mode: 'ask' };
  if (typeof setting === 'string') return { mode: setting };
  return setting.ttl_secs === undefined ? { mode: setting.mode } : { mode: setting.mode, ttl_secs: setting.ttl_secs };
}

/** `ask`, `ask@900s`. */
export function modeText(mode: { mode: string; ttl_secs?: number }): string {
  return mode.ttl_secs === undefined ? mode.mode : `${mode.mode}@${mode.ttl_secs}s`;
}

export function toolPermissions(manifest: RecipeManifest, capabilityOf: CapabilityOf): ToolPermission[] {
  return manifest.tools.map((entry) => ({
    tool: entry.id,
    // A plugin tool is not in the registry: its manifest names what it uses.
    capability: entry.plugin ? (entry.plugin.permissions[0]?.capability ?? null) : (capabilityOf(entry.id) ?? null),
    ...modeOf(entry),
  }));
}

/** Sorted, distinct `capability=mode[@ttl s]` strings; tools needing nothing are left out. */
export function permissionModes(manifest: RecipeManifest, capabilityOf: CapabilityOf): string[] {
  const modes = toolPermissions(manifest, capabilityOf)
    .filter((p) => p.capability !== null)
    .map((p) => `${p.capability}=${modeText(p)}`);
  return [...new Set(modes)].sort();
}

function lease(ttl: number): string {
  if (ttl % 86_400 === 0) return ttl === 86_400 ? '1 day' : `${ttl / 86_400} days`;
  if (ttl % 3600 === 0) return `${ttl / 3600} h`;
  if (ttl % 60 === 0) return `${ttl / 60} min`;
  return `${ttl} s`;
}

/** The mode as a person reads it: "asks you first; a yes lasts 15 min"; a TTL only matters for ask. */
export function modeWords(mode: { mode: string; ttl_secs?: number }): string {
  const ttl = mode.ttl_secs === undefined ? '' : `; a yes lasts ${lease(mode.ttl_secs)}`;
  if (mode.mode === 'allow') return 'runs without asking';
  if (mode.mode === 'never') return 'never allowed';
  return `asks you first${ttl}`;
}

/** The model the recipe prefers, as one line ("openai:* (fallback probe)"). */
export function modelText(manifest: RecipeManifest): string {
  if (!manifest.model) return 'the device default';
  return manifest.model.fallback
    ? `${manifest.model.preferred} (fallback ${manifest.model.fallback})`
    : manifest.model.preferred;
}

/** One tool's permission as a sentence: "http.fetch asks you first before it may fetch pages from any web site". */
export function permissionSentence(p: ToolPermission, describe: (capability: string) => string): string {
  if (p.capability === null) return `${p.tool} needs no permission`;
  const what = describe(p.capability);
  if (p.mode === 'never') return `${p.tool} is never allowed to ${what}`;
  if (p.mode === 'allow') return `${p.tool} may ${what} without asking`;
  const ttl = p.ttl_secs === undefined ? '' : `; a yes lasts ${lease(p.ttl_secs)}`;
  return `${p.tool} asks you first before it may ${what}${ttl}`;
}
