/**
 * The installed-recipes read-model: a fold over `recipes.installed` / `recipes.uninstalled`.
 * Per recipe id only the newest install and the newest uninstall (by time, then id) are
 * kept, so the fold is order- and duplicate-independent; the recipe is installed when its
 * newest install is newer than its newest uninstall. A manifest that fails the schema (an
 * event from a newer app, say) is listed as invalid and never masks a valid install.
 */
import { validateRecipe, type RecipeManifest } from '../../spec/recipe';
import type { EventEnvelope } from '../../spec';
import { compareEvents, type Ordered } from './order';
import type { ReadModel } from './types';

/** One installed recipe, as every device folds it from the journal. */
export interface InstalledRecipe {
  manifest: RecipeManifest;
  /** Text files kept beside the manifest, by path relative to it. */
  files: Record<string, string>;
  /** Where it came from: `folder`, `zip`, `url` or `bundled`. */
  source: string;
  /** SHA-256 (hex) of the canonical JSON of the manifest. */
  sha256: string;
  /** Time of the install event. */
  installed_at: string;
  /** The device actor that installed it. */
  actor: string;
  /** The version this install replaced, when it was an update. */
  previous_version?: string;
  /** The install event's id and project. */
  event_id: string;
  project_id?: string;
}

/** An install event whose manifest this app cannot read. */
export interface InvalidRecipeEvent {
  event_id: string;
  recipe_id?: string;
  message: string;
}

interface Slot {
  install?: InstalledRecipe & Ordered;
  uninstall?: Ordered;
}

export interface RecipesState {
  readonly slots: Map<string, Slot>;
  readonly invalid: Map<string, InvalidRecipeEvent>;
}

export interface RecipesView {
  /** Installed recipes, sorted by id. */
  items: InstalledRecipe[];
  invalid: InvalidRecipeEvent[];
}

const newer = (candidate: Ordered, current: Ordered | undefined) =>
  current === undefined || compareEvents(candidate, current) > 0;

function slotOf(state: RecipesState, id: string): Slot {
  let slot = state.slots.get(id);
  if (slot === undefined) state.slots.set(id, (slot = {}));
  return slot;
}

function strings(value: unknown): Record<string, string> {
  const files: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return files;
  for (const [path, text] of Object.entries(value)) if (typeof text === 'string') files[path] = text;
  return files;
}

function foldInstall(state: RecipesState, event: EventEnvelope): void {
  const raw = event.payload['recipe'];
  const parsed = validateRecipe(raw);
  if (!parsed.ok) {
    const rawId = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)['id'] : undefined;
    const first = parsed.error[0];
    state.invalid.set(event.id, {
      event_id: event.id,
      ...(typeof rawId === 'string' ? { recipe_id: rawId } : {}),
      message: first ? `${first.path}: ${first.message}` : 'not a recipe manifest',
    });
    return;
  }
  const slot = slotOf(state, parsed.value.id);
  if (!newer(event, slot.install)) return;
  const previous = event.payload['previous_version'];
  slot.install = {
    time: event.time,
    id: event.id,
    manifest: parsed.value,
    files: strings(event.payload['files']),
    source: String(event.payload['source'] ?? 'unknown'),
    sha256: String(event.payload['sha256'] ?? ''),
    installed_at: event.time,
    actor: event.actor,
    event_id: event.id,
    ...(typeof previous === 'string' ? { previous_version: previous } : {}),
    ...(event.project_id !== undefined ? { project_id: event.project_id } : {}),
  };
}

function foldUninstall(state: RecipesState, event: EventEnvelope): void {
  const id = event.payload['recipe_id'];
  if (typeof id !== 'string') return;
  const slot = slotOf(state, id);
  if (newer(event, slot.uninstall)) slot.uninstall = { time: event.time, id: event.id };
}

function publish(install: InstalledRecipe & Ordered): InstalledRecipe {
  const { time: _time, id: _id, ...recipe } = install;
  return recipe;
}

/** The `recipes` read-model: what is installed now, newest install per id. */
export function createRecipesModel(): ReadModel<RecipesState, RecipesView> {
  return {
    id: 'recipes',
    init: () => ({ slots: new Map(), invalid: new Map() }),
    apply(state, event) {
      if (event.kind === 'recipes.installed') foldInstall(state, event);
      else if (event.kind === 'recipes.uninstalled') foldUninstall(state, event);
      return state;
    },
    view(state) {
      const items: InstalledRecipe[] = [];
      for (const slot of state.slots.values()) {
        if (slot.install && (!slot.uninstall || compareEvents(slot.install, slot.uninstall) > 0)) {
          items.push(publish(slot.install));
        }
      }
      items.sort((a, b) => (a.manifest.id < b.manifest.id ? -1 : a.manifest.id > b.manifest.id ? 1 : 0));
      const invalid = [...state.invalid.values()].sort((a, b) => (a.event_id < b.event_id ? -1 : 1));
      return { items, invalid };
    },
  };
}
