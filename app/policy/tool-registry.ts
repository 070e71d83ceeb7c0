/**
 * The tool registry the policy engine sees (issue 14): the built-in tools' permission
 * manifests plus the installed recipes' plugin tools, and each recipe's version for
 * `principal.version`. The list keeps its identity until the installed recipes change, so
 * the engine's tool index and the schema are rebuilt only then.
 */
import { BUILTIN_MANIFESTS, recipeToolManifests, type RecipeToolsLike } from '../../core/tools/manifests';
import type { ToolManifest } from '../../core/policy/types';

interface RecipeLike {
  manifest: { id: string; version: string; tools: readonly { id: string }[] };
}

export function recipeToolRegistry(recipes: () => readonly RecipeLike[] | undefined): () => readonly ToolManifest[] {
  let seen: readonly RecipeLike[] | undefined;
  let list: readonly ToolManifest[] = BUILTIN_MANIFESTS;
  return () => {
    const installed = recipes();
    if (installed === undefined || installed === seen) return list;
    seen = installed;
    // The manifest's plugin tools (helper F's `tools[].plugin`) carry their permissions.
    const extra = recipeToolManifests(installed.map((recipe) => recipe.manifest as unknown as RecipeToolsLike));
    list = extra.length === 0 ? BUILTIN_MANIFESTS : [...BUILTIN_MANIFESTS, ...extra];
    return list;
  };
}

/** `recipe:<id>` → that installed recipe's version. */
export function recipeVersionOf(recipes: () => readonly RecipeLike[] | undefined) {
  return (subject: string): string | undefined => {
    if (!subject.startsWith('recipe:')) return undefined;
    const id = subject.slice('recipe:'.length);
    return recipes()?.find((recipe) => recipe.manifest.id === id)?.manifest.version;
  };
}
