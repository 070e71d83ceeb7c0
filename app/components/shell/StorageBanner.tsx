/**
 * One line above the canvas when storage is nearly full (≥ 80 % of the quota; stronger
 * at 95 %). Not on Settings, whose Data section says more; never a modal. The estimate
 * is read at start and every REFRESH_MS (it is cheap: the browser keeps the figure).
 */
import { onCleanup, onMount, Show } from 'solid-js';
import { useApp } from '../../state/app-context';
import { quotaWarningText } from '../../state/storage-advice';
import { quotaLevel } from '../../state/storage-breakdown';

const REFRESH_MS = 5 * 60_000;

export function StorageBanner() {
  const { storage, router } = useApp();
  let timer: ReturnType<typeof setInterval> | undefined;
  onMount(() => (timer = setInterval(() => void storage.refresh(), REFRESH_MS)));
  onCleanup(() => clearInterval(timer));
  const level = () => quotaLevel(storage.estimate());
  const text = () => (router.route() === 'settings' ? undefined : quotaWarningText(level(), storage.estimate(), true));
  return (
    <Show when={text()}>
      {(line) => (
        <div
          class={`banner ${level() === 'critical' ? 'banner-error' : 'banner-warn'}`}
          role="status"
          data-testid="storage-banner"
          data-level={level()}
        >
          <span>{line()}</span>
          <a href="#/settings/data">Open Settings → Data</a>
        </div>
      )}
    </Show>
  );
}
