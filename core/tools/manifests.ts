/**
 * Tool permission manifests (issue 14): what each tool may touch, as the policy engine's
 * `Tool` entities and the Cedar schema's source. A definition without its own manifest
 * declares its one capability (if any), so no tool is left out.
 */
import type { ToolManifest } from '../policy/types';
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
