/** The full page for an app that cannot start (see fatal-copy.ts), with a reload button. */
import { untrack } from 'solid-js';
import { fatalCopy } from './fatal-copy';

export function FatalScreen(props: { error: unknown; onReload: () => void }) {
  // The screen is shown once for one error that does not change.
  const copy = untrack(() => fatalCopy(props.error));
  return (
    <main class="fatal" role="alert" data-code={copy.code}>
      <h1>{copy.title}</h1>
      <p>{copy.message}</p>
      <p>{copy.advice}</p>
      <button type="button" onClick={() => props.onReload()}>
        Reload
      </button>
      <pre>{copy.detail}</pre>
    </main>
  );
}
