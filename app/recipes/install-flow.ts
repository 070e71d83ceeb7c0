/**
 * The gallery's install flow as Solid state, shared by every way in (folder, file, zip,
 * URL, an example): read and validate, then store a new recipe at once, or stop to show
 * the update diff (Apply) or the "already installed" question (Reinstall). Nothing is
 * stored while the flow shows errors or waits for the person.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { FieldError } from '../../spec/recipe';
import type { PreparedInstall, RecipeSource, RecipesService } from './store';

export type InstallPhase =
  | { phase: 'idle' }
  | { phase: 'reading'; what: string }
  | { phase: 'errors'; what: string; errors: FieldError[] }
  | { phase: 'update'; prepared: PreparedInstall }
  | { phase: 'same'; prepared: PreparedInstall }
  | { phase: 'installed'; id: string; name: string; version: string; notes: string[]; updated: boolean };

export interface InstallFlow {
  state: Accessor<InstallPhase>;
  /** Which part of the page started the current install (where its status shows). */
  origin: Accessor<string>;
  /** `what` names the source in messages ("the folder demo", "https://…"). */
  start(source: RecipeSource, what: string, origin?: string): Promise<void>;
  /** Applies the update or the reinstall the flow is waiting on. */
  confirm(): Promise<void>;
  cancel(): void;
}

export function createInstallFlow(recipes: Pick<RecipesService, 'prepare' | 'apply'>): InstallFlow {
  const [state, setState] = createSignal<InstallPhase>({ phase: 'idle' });
  const [origin, setOrigin] = createSignal('panel');
  let turn = 0;

  const store = async (prepared: PreparedInstall, overwrite: boolean, mine: number) => {
    const stored = await recipes.apply(prepared, { overwrite });
    if (mine !== turn) return;
    if (!stored.ok) return void setState({ phase: 'errors', what: prepared.manifestPath, errors: stored.error });
    const { id, name, version } = stored.value.manifest;
    setState({ phase: 'installed', id, name, version, notes: prepared.notes, updated: prepared.change === 'update' });
  };

  const fail = (what: string, error: unknown) =>
    setState({
      phase: 'errors',
      what,
      errors: [{ path: '(source)', message: error instanceof Error ? error.message : String(error) }],
    });

  return {
    state,
    origin,
    async start(source, what, from = 'panel') {
      const mine = (turn += 1);
      setOrigin(from);
      setState({ phase: 'reading', what });
      try {
        const prepared = await recipes.prepare(source);
        if (mine !== turn) return;
        if (!prepared.ok) return void setState({ phase: 'errors', what, errors: prepared.error });
        if (prepared.value.change === 'update') return void setState({ phase: 'update', prepared: prepared.value });
        if (prepared.value.change === 'same') return void setState({ phase: 'same', prepared: prepared.value });
        await store(prepared.value, false, mine);
      } catch (error) {
        if (mine === turn) fail(what, error);
      }
    },
    async confirm() {
      const current = state();
      if (current.phase !== 'update' && current.phase !== 'same') return;
      const mine = (turn += 1);
      try {
        await store(current.prepared, current.phase === 'same', mine);
      } catch (error) {
        if (mine === turn) fail(current.prepared.manifestPath, error);
      }
    },
    cancel() {
      turn += 1;
      setState({ phase: 'idle' });
    },
  };
}
