/**
 * The notice a tab shows once "Delete all my data" ran in another tab: its journal, Yjs
 * and sync are stopped, so the app behind it must not be used. A modal <dialog> (the rest
 * of the page is inert) that Escape does not close; Reload starts the app again.
 */
import { onMount } from 'solid-js';
import { render } from 'solid-js/web';

function DeletedElsewhere(props: { onReload: () => void }) {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());
  return (
    <dialog
      ref={dialog}
      class="fatal"
      role="alertdialog"
      aria-labelledby="deleted-elsewhere-text"
      data-testid="deleted-elsewhere"
      onCancel={(event) => event.preventDefault()}
    >
      <p id="deleted-elsewhere-text">Your data was deleted in another tab. Reload to start again.</p>
      <button type="button" class="primary" autofocus onClick={() => props.onReload()}>
        Reload
      </button>
    </dialog>
  );
}

/** Shows the notice over whatever the page shows; once per page. */
export function showDeletedElsewhere(onReload: () => void): void {
  if (document.querySelector('[data-testid="deleted-elsewhere"]')) return;
  const host = document.createElement('div');
  document.body.append(host);
  render(() => <DeletedElsewhere onReload={onReload} />, host);
}
