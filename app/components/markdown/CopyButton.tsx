/** A Copy button: "Copied" for a moment after it worked, the reason in words when the browser refused. */
import { createSignal, onCleanup, Show } from 'solid-js';
import { COPIED_MS, copyText } from './clipboard';

export function CopyButton(props: {
  /** What goes on the clipboard (read at click time). */
  text: () => string;
  /** The accessible name, starting with "Copy" (e.g. "Copy the answer"; never with "message" or "send" in it: those find the composer). */
  label: string;
  testid?: string;
}) {
  const [state, setState] = createSignal<'idle' | 'copied' | 'failed'>('idle');
  const [error, setError] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const copy = async () => {
    const result = await copyText(props.text());
    clearTimeout(timer);
    setState(result.ok ? 'copied' : 'failed');
    setError(result.ok ? '' : result.message);
    if (result.ok) timer = setTimeout(() => setState('idle'), COPIED_MS);
  };
  return (
    <span class="copy">
      <button
        type="button"
        class="link copy-button"
        aria-label={props.label}
        data-testid={props.testid ?? 'copy-message'}
        data-state={state()}
        onClick={() => void copy()}
      >
        {state() === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span class="copy-note" role="status">
        <Show when={state() === 'copied'}>
          <span class="sr-only">Copied</span>
        </Show>
        <Show when={state() === 'failed'}>
          <span class="tone-error" data-testid="copy-error">
            {error()}
          </span>
        </Show>
      </span>
    </span>
  );
}
