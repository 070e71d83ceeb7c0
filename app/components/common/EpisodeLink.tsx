/**
 * An episode's deep link (`#/debug/episode/<corr_id>`: Debug with it expanded and selected)
 * and a button that copies the full URL, saying in words when the browser refuses.
 */
import { createSignal, Show } from 'solid-js';
import { episodeHref } from '../../lib/routes';

export function EpisodeLink(props: { corrId: string; label: string }) {
  const [copy, setCopy] = createSignal<'copied' | 'refused'>();
  const href = () => episodeHref(props.corrId);
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(new URL(href(), location.href).href);
      setCopy('copied');
    } catch {
      setCopy('refused');
    }
  };
  return (
    <div class="row episode-link">
      <a href={href()} data-testid="episode-link">
        {props.label}
      </a>
      <button type="button" class="ghost" data-testid="copy-episode-link" onClick={() => void copyLink()}>
        Copy link
      </button>
      <span class="muted" role="status">
        <Show when={copy()}>
          {(state) => (state() === 'copied' ? 'Link copied.' : 'The browser refused to copy; copy the link instead.')}
        </Show>
      </span>
    </div>
  );
}
