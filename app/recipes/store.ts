/**
 * The recipes service (issue 11 design, "App-side services"): installed recipes folded
 * from the journal (every `recipes.*` event, paged once at start, then the one stream's
 * live events), install with validation, uninstall with a window to undo before the
 * event is written, and launch / attach (launch.ts). The journal is the only store.
 */
import { createEventFold } from '../state/event-fold';
import { createComputed, createMemo, createRoot, createSignal, type Accessor } from 'solid-js';
import type { Journal, StoredEvent } from '../../core/journal/types';
import type { MakeEvent } from '../../core/journal/event-factory';
import { err, ok, type Result } from '../../core/lib/result';
import { createRecipesModel, type InstalledRecipe, type InvalidRecipeEvent } from '../../core/read-models/recipes';
import type { EventEnvelope } from '../../spec';
import type { FieldError } from '../../spec/recipe';
import { installEvent, prepareInstall, sameVersionError, type PrepareDeps, type PreparedInstall } from './install';
import { createLauncher, type LaunchDeps } from './launch';
import type { RecipeSource } from './sources';

export type { InstalledRecipe } from '../../core/read-models/recipes';
export type { PreparedInstall } from './install';
export type { RecipeSource, SourceFile } from './sources';

/** An uninstall waiting out its undo window. */
export interface PendingUninstall {
  id: string;
  version: string;
  /** Epoch ms when the `recipes.uninstalled` event is written. */
  until: number;
}

export interface RecipesService {
  /** Installed recipes, newest version per id, sorted by id. */
  list(): InstalledRecipe[];
  get(id: string): InstalledRecipe | undefined;
  /** Install events whose manifest this app cannot read. */
  invalid(): InvalidRecipeEvent[];
  /** False until every stored recipe event was read. */
  loaded: Accessor<boolean>;
  /** Reads and validates without storing: the gallery shows the update diff from this. */
  prepare(source: RecipeSource): Promise<Result<PreparedInstall, FieldError[]>>;
  /** Stores a prepared recipe; the installed version again needs `overwrite` (Reinstall). */
  apply(prepared: PreparedInstall, options?: { overwrite?: boolean }): Promise<Result<InstalledRecipe, FieldError[]>>;
  install(source: RecipeSource, options?: { overwrite?: boolean }): Promise<Result<InstalledRecipe, FieldError[]>>;
  /** Writes `recipes.uninstalled` after the undo window unless `undo()` is called first. */
  uninstall(id: string): Promise<{ undo(): Promise<void> }>;
  pendingUninstalls: Accessor<PendingUninstall[]>;
  /** Undoes the pending uninstall of `id` (false when none is pending). */
  undoUninstall(id: string): Promise<boolean>;
  /** Opens Chat on a new conversation bound to the project, with the recipe as agent. */
  launch(id: string, projectId: string | undefined): Promise<void>;
  /** Attaches the recipe to the project (its Yjs document and a `projects.agent.attached` event). */
  attach(id: string, projectId: string | undefined): Promise<void>;
  /** Writes `projects.agent.detached` for an agent detached in the Hub. */
  detached(agentId: string, projectId: string | undefined): Promise<void>;
}

export interface RecipesDeps extends Omit<PrepareDeps, 'get'>, Omit<LaunchDeps, 'get' | 'append'> {
  journal: Pick<Journal, 'query' | 'append'>;
  recentEvents: Accessor<readonly StoredEvent[]>;
  make: MakeEvent;
  /** The project new installs belong to (their envelope `project_id`). */
  currentProject: Accessor<string | undefined>;
  /** Background write failures (the delayed uninstall) go to the journal banner. */
  onError(error: unknown): void;
  /** The undo window (default 10 s). */
  undoMs?: number;
  now?: () => number;
  timers?: { setTimeout(run: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

const isRecipeEvent = (event: EventEnvelope) => event.kind.startsWith('recipes.');

export function createRecipesService(deps: RecipesDeps): RecipesService {
  const model = createRecipesModel();
  const state = model.init();
  const events = createEventFold(isRecipeEvent, (event) => model.apply(state, event));
  const { fold, version } = events;
  const [loaded, setLoaded] = createSignal(false);
  const [pending, setPending] = createSignal<PendingUninstall[]>([]);
  const undoMs = deps.undoMs ?? 10_000;
  const now = deps.now ?? Date.now;
  const timers = deps.timers ?? {
    setTimeout: (run: () => void, ms: number) => setTimeout(run, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };

  const view = createRoot(() => {
    // Live events arrive through the one stream; the fold ignores ids it has seen.
    createComputed(() => fold(deps.recentEvents()));
    return createMemo(() => (version(), model.view(state, now())));
  });

  events.readAll(deps.journal, ['recipes.']).then(
    () => setLoaded(true),
    (error: unknown) => (deps.onError(error), setLoaded(true)),
  );

  const get = (id: string) => view().items.find((recipe) => recipe.manifest.id === id);
  const append = async (event: EventEnvelope) => fold([await deps.journal.append(event)]);

  const apply: RecipesService['apply'] = async (prepared, options = {}) => {
    if (prepared.change === 'same' && !options.overwrite) return err([sameVersionError(prepared)]);
    const event = installEvent(deps.make, prepared, deps.currentProject());
    await append(event);
    const installed = get(prepared.manifest.id);
    return installed
      ? ok(installed)
      : err([{ path: '(root)', message: 'the recipe was stored but cannot be read back' }]);
  };

  const prepare: RecipesService['prepare'] = (source) => prepareInstall(source, { ...deps, get });

  const undoers = new Map<string, { undo(): Promise<void> }>();
  const uninstall: RecipesService['uninstall'] = async (id) => {
    const recipe = get(id);
    if (!recipe) throw new Error(`no recipe "${id}" is installed`);
    const earlier = undoers.get(id);
    if (earlier) return earlier;
    let canceled = false;
    const entry: PendingUninstall = { id, version: recipe.manifest.version, until: now() + undoMs };
    const drop = () => {
      if (undoers.get(id) === handleOf) undoers.delete(id);
      setPending((list) => list.filter((item) => item !== entry));
    };
    setPending((list) => [...list, entry]);
    const handle = timers.setTimeout(() => {
      drop();
      if (canceled) return;
      const event = deps.make('recipes.uninstalled', { recipe_id: id, version: entry.version }, projectOf(recipe));
      append(event).catch(deps.onError);
    }, undoMs);
    const handleOf: { undo(): Promise<void> } = {
      async undo() {
        canceled = true;
        timers.clearTimeout(handle);
        drop();
      },
    };
    undoers.set(id, handleOf);
    return handleOf;
  };

  const launcher = createLauncher({ ...deps, get, append });

  return {
    list: () => view().items,
    get,
    invalid: () => view().invalid,
    loaded,
    prepare,
    apply,
    async install(source, options) {
      const prepared = await prepare(source);
      return prepared.ok ? apply(prepared.value, options) : prepared;
    },
    uninstall,
    pendingUninstalls: pending,
    async undoUninstall(id) {
      const undoer = undoers.get(id);
      if (undoer) await undoer.undo();
      return undoer !== undefined;
    },
    launch: launcher.launch,
    attach: launcher.attach,
    detached: launcher.detached,
  };
}

/** An uninstall goes to the project the recipe was installed in, so it replicates the same way. */
function projectOf(recipe: InstalledRecipe): { project_id?: string } {
  return recipe.project_id !== undefined ? { project_id: recipe.project_id } : {};
}
