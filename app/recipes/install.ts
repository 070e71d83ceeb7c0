/**
 * Install's two halves: `prepareInstall` reads a source, validates the manifest (shape,
 * then the tool registry check) and says whether it is new, the installed version again,
 * or an update; `installEvent` builds the `recipes.installed` event that stores it. Nothing
 * here writes: the service decides, after the person saw the diff.
 */
import { checkRecipe } from '../../core/recipes/check';
import type { MakeEvent } from '../../core/journal/event-factory';
import { err, ok, type Result } from '../../core/lib/result';
import type { InstalledRecipe } from '../../core/read-models/recipes';
import type { EventEnvelope } from '../../spec';
import { parseRecipe, type FieldError, type RecipeManifest } from '../../spec/recipe';
import { canonicalJson, sha256Hex } from './hash';
import { readSource, type FetchLike, type RecipeSource, type SourceContents } from './sources';

export interface ToolRegistryLike {
  capability(name: string): string | null | undefined;
}

/** A validated recipe, not stored yet. */
export interface PreparedInstall extends SourceContents {
  manifest: RecipeManifest;
  sha256: string;
  /** The installed recipe of the same id, if any. */
  existing?: InstalledRecipe;
  /** `same`: that version is installed (only Reinstall stores it); `update`: another version is. */
  change: 'new' | 'same' | 'update';
}

export interface PrepareDeps {
  fetch: FetchLike;
  base?: string;
  registry: ToolRegistryLike;
  get(id: string): InstalledRecipe | undefined;
  subtle?: SubtleCrypto;
}

export async function prepareInstall(
  source: RecipeSource,
  deps: PrepareDeps,
): Promise<Result<PreparedInstall, FieldError[]>> {
  const read = await readSource(source, deps);
  if (!read.ok) return read;
  const parsed = parseRecipe(read.value.text, read.value.format);
  if (!parsed.ok) return parsed;
  const refused = checkRecipe(parsed.value, deps.registry);
  if (refused.length > 0) return err(refused);
  const manifest = parsed.value;
  const sha256 = await sha256Hex(canonicalJson(manifest), deps.subtle);
  const existing = deps.get(manifest.id);
  const change = !existing ? 'new' : existing.manifest.version === manifest.version ? 'same' : 'update';
  return ok({ ...read.value, manifest, sha256, change, ...(existing ? { existing } : {}) });
}

/** Why a same-version install is refused without Reinstall. */
export function sameVersionError(prepared: PreparedInstall): FieldError {
  const { id, version } = prepared.manifest;
  return {
    path: 'version',
    message: `${id} ${version} is already installed; choose Reinstall to install the same version again`,
  };
}

/** The event that stores `prepared` in `projectId` (so it replicates with the project). */
export function installEvent(make: MakeEvent, prepared: PreparedInstall, projectId: string | undefined): EventEnvelope {
  const previous = prepared.change === 'update' ? prepared.existing?.manifest.version : undefined;
  return make(
    'recipes.installed',
    {
      recipe: prepared.manifest,
      files: prepared.files,
      source: prepared.source,
      sha256: prepared.sha256,
      ...(previous !== undefined ? { previous_version: previous } : {}),
    },
    projectId !== undefined ? { project_id: projectId } : {},
  );
}
