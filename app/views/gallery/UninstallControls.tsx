/**
 * Uninstall asks first (inline, never a modal); once confirmed the recipe stays while an
 * Undo button counts down the window, after which `recipes.uninstalled` is written.
 */
import { createSignal, Show } from 'solid-js';
import type { InstalledRecipe } from '../../recipes/store';
import { useApp } from '../../state/app-context';

export function UninstallControls(props: { recipe: InstalledRecipe }) {
  const { recipes, stream, health } = useApp();
  const [asking, setAsking] = createSignal(false);
  const id = () => props.recipe.manifest.id;
  const pending = () => recipes.pendingUninstalls().find((entry) => entry.id === id());
  const secondsLeft = () => Math.max(0, Math.ceil(((pending()?.until ?? 0) - stream.now()) / 1000));
  const confirm = async () => {
    setAsking(false);
    await recipes.uninstall(id()).catch(health.report);
  };
  return (
    <Show
      when={pending()}
      fallback={
        <Show
          when={asking()}
          fallback={
            <button type="button" onClick={() => setAsking(true)}>
              Uninstall
            </button>
          }
        >
          <span class="uninstall-confirm" role="group" aria-label={`Uninstall ${props.recipe.manifest.name}?`}>
            Uninstall {props.recipe.manifest.name}?{' '}
            <button type="button" class="danger" onClick={() => void confirm()}>
              Yes, uninstall
            </button>{' '}
            <button type="button" onClick={() => setAsking(false)}>
              Keep it
            </button>
          </span>
        </Show>
      }
    >
      <span class="uninstall-pending" role="status" data-testid="uninstall-pending">
        Uninstalling in {secondsLeft()} s{' '}
        <button type="button" onClick={() => void recipes.undoUninstall(id())}>
          Undo
        </button>
      </span>
    </Show>
  );
}
