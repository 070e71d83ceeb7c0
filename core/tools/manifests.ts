/**
 * Tool permission manifests (issue 14): what each tool may touch, as the policy engine's
 * `Tool` entities and the Cedar schema's source. A definition without its own manifest
 * declares its one capability (if any), so no tool is left out.
 */
import type { ToolManifest, ToolPermission } from '../policy/types';
import { BUILTIN_TOOLS } from './builtin';
import type { ToolDefinition } from './types';

/** The manifest of one definition (`version` when the registry knows it). */
export function manifestOf(definition: ToolDefinition, version?: string): ToolManifest {
  const permissions =
    definition.permissions ??
    (definition.capability === null ? [] : [{ capability: definition.capability, reason: definition.description }]);
  return { id: definition.name, ...(version === undefined ? {} : { version }), permissions };
}

/** The built-in tools' manifests, in registry order. */
export const BUILTIN_MANIFESTS: readonly ToolManifest[] = BUILTIN_TOOLS.map((tool) => manifestOf(tool));

/** A recipe's tools as the manifest declares them: a plugin tool brings its own permissions. */
export interface RecipeToolsLike {
  id: string;
  version: string;
  tools: readonly { id: string; version?: string; plugin?: { permissions: readonly ToolPermission[] } }[];
}

/**
 * The manifests of the recipes' tools beyond the built-ins: each plugin tool with its
 * declared permissions (a tool named by two recipes keeps the first one's manifest).
 */
export function recipeToolManifests(recipes: readonly RecipeToolsLike[]): ToolManifest[] {
  const builtin = new Set(BUILTIN_MANIFESTS.map((tool) => tool.id));
  const seen = new Map<string, ToolManifest>();
  for (const recipe of recipes)
    for (const tool of recipe.tools) {
      if (tool.plugin === undefined || builtin.has(tool.id) || seen.has(tool.id)) continue;
      const permissions = tool.plugin.permissions.map(({ capability, scope, reason }) => ({
        capability,
        reason,
        ...(scope === undefined ? {} : { scope }),
      }));
      seen.set(tool.id, { id: tool.id, ...(tool.version === undefined ? {} : { version: tool.version }), permissions });
    }
  return [...seen.values()];
}
