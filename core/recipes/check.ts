/**
 * The install-time check of a recipe against the tools this hub has (SPEC §4, §7):
 * every tool must exist, every workflow step's tool must be listed under `tools`, and
 * every capability a tool needs must be declared in `capabilities`. A recipe that fails
 * is refused with these errors; nothing here runs a tool.
 */
import type { FieldError, RecipeManifest } from '../../spec/recipe';
import { normalizeCapability } from '../../spec/capabilities';

/** What the check needs from a tool registry: the capability a tool needs, `null` for none, `undefined` when unknown. */
export interface ToolCapabilityRegistry {
  capability(name: string): string | null | undefined;
}

type CheckedManifest = Pick<RecipeManifest, 'capabilities' | 'tools' | 'workflow'>;

/** Every reason to refuse `manifest` here; empty when it may be installed. */
export function checkRecipe(manifest: CheckedManifest, registry: ToolCapabilityRegistry): FieldError[] {
  const declared = new Set(manifest.capabilities.map((key) => normalizeCapability(key) ?? key));
  const errors: FieldError[] = [];
  manifest.tools.forEach((tool, index) => {
    const path = `tools[${index}].id`;
    // A plugin tool brings its own code: what it needs is its declared permissions.
    if (tool.plugin !== undefined) {
      for (const { capability } of tool.plugin.permissions)
        if (!declared.has(capability))
          errors.push({ path, message: `plugin ${tool.id} needs ${capability}, which the manifest does not declare` });
      return;
    }
    const needs = registry.capability(tool.id);
    if (needs === undefined)
      errors.push({ path, message: `there is no tool "${tool.id}" in this hub; check its name` });
    else if (needs !== null && !declared.has(needs))
      errors.push({ path, message: `tool ${tool.id} needs ${needs}, which the manifest does not declare` });
  });
  const listed = new Set(manifest.tools.map((tool) => tool.id));
  (manifest.workflow ?? []).forEach((step, index) => {
    if (step.tool !== undefined && !listed.has(step.tool))
      errors.push({ path: `workflow[${index}].tool`, message: `"${step.tool}" is not declared under tools` });
  });
  return errors;
}
