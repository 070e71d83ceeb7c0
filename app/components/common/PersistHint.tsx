/**
 * The one-time hint that the journal is not protected from the browser's clean-up,
 * with the explanation and the "Keep my data" button. Hidden once dismissed or granted.
 */
import { Show } from 'solid-js';
import { useApp } from '../../state/app-context';

export const PERSIST_EXPLANATION =
  "The journal is the only copy of your agents' history on this device. Without persistent storage the browser may clear it when the disk gets full.";

export function PersistHint() {
  const { storage } = useApp();
  return (
    <Show when={storage.persisted() === false && !storage.hintDismissed() && storage.supported}>
      <div class="hint" role="note" data-testid="persist-hint">
        <p>{PERSIST_EXPLANATION}</p>
        <div class="row">
          <button type="button" class="primary" onClick={() => void storage.requestPersist()}>
            Keep my data
          </button>
          <button type="button" class="ghost" onClick={() => storage.dismissHint()}>
            Not now
          </button>
        </div>
        <Show when={storage.lastRequest() === 'refused'}>
          <p class="tone-warn">
            The browser said no. Browsers grant this more readily to installed apps or sites you use often.
          </p>
        </Show>
      </div>
    </Show>
  );
}
