/**
 * Non-modal banners above the canvas: journal problems (role="alert", catalog text),
 * a failed or slow rebuild, and the PWA update prompt. None blocks the page.
 */
import { Show } from 'solid-js';
import { codeOf, describeError } from '../../../core/errors';
import { useApp } from '../../state/app-context';
import { useSync } from '../../state/sync';
import { linkErrorText } from '../../sync/describe';
import { StorageBanner } from './StorageBanner';

export function Banners() {
  const { health, stream, pwa } = useApp();
  const sync = useSync();
  return (
    <div class="banners">
      <Show when={health.message()}>
        {(message) => (
          <div class="banner banner-error" role="alert" data-testid="journal-banner">
            <span>{message()}</span>
            <Show when={health.status() === 'closed'}>
              <button type="button" onClick={() => location.reload()}>
                Reload
              </button>
            </Show>
            <Show when={health.status() === 'open'}>
              <button type="button" class="ghost" onClick={() => health.dismiss()}>
                Dismiss
              </button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={stream.phase() === 'failed'}>
        <div class="banner banner-error" role="alert">
          {describeError(codeOf(stream.loadError()))} The read-models may be incomplete; new events still show.
        </div>
      </Show>
      <Show when={stream.phase() === 'loading' && stream.progress().total > 2000}>
        <div class="banner" role="status">
          Rebuilding views from the journal… {stream.progress().done} / {stream.progress().total} events
          <progress max={stream.progress().total} value={stream.progress().done} />
        </div>
      </Show>
      <Show when={sync.failing()[0]}>
        {(link) => (
          <div class="banner banner-error" role="alert" data-testid="sync-banner">
            <span>
              Sync with {link().url} is failing
              {link().phase === 'incompatible' || link().phase === 'refused' ? '' : ' for more than 30 s'}:{' '}
              {linkErrorText(link()) ?? 'no connection'}
              {link().pending > 0 ? ` ${link().pending} event(s) wait on this device; nothing is lost.` : ''}
            </span>
            <button type="button" onClick={() => sync.service.retry()} hidden={link().phase === 'incompatible'}>
              Retry now
            </button>
            <a href="#/settings">Devices</a>
          </div>
        )}
      </Show>
      <StorageBanner />
      <Show when={pwa.needRefresh()}>
        <div class="banner banner-info" role="status" data-testid="update-banner">
          <span>A new version is available — Reload</span>
          <button type="button" class="primary" onClick={() => void pwa.reload()}>
            Reload
          </button>
          <button type="button" class="ghost" onClick={() => pwa.dismiss()}>
            Later
          </button>
        </div>
      </Show>
    </div>
  );
}
