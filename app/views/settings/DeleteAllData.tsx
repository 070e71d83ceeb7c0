/**
 * Settings → Data's danger zone: "Delete all my data", asked twice. Step 1 says what
 * goes and offers an export first; step 2 asks again with the focus on its button;
 * Escape or Cancel at either step deletes nothing. Then the deleter runs and the app
 * reloads into the welcome, or the errors show in plain words.
 */
import { createSignal, For, Match, onCleanup, onMount, Show, Switch } from 'solid-js';
import { WHAT_GOES, type DataDeleter, type DeleteAllReport } from '../../state/delete-all';

type Step = 'idle' | 'explain' | 'confirm' | 'deleting' | 'waiting' | 'failed';

export function DeleteAllData(props: { deleter: DataDeleter | undefined; onExport?: () => void }) {
  const [step, setStep] = createSignal<Step>('idle');
  const [report, setReport] = createSignal<DeleteAllReport>();
  let start: HTMLButtonElement | undefined;
  const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
  const cancel = () => {
    setStep('idle');
    requestAnimationFrame(() => start?.focus());
  };
  // On the document: Escape cancels even while the focus is between steps (on <body>).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && (step() === 'explain' || step() === 'confirm')) cancel();
  };
  onMount(() => document.addEventListener('keydown', onKeyDown));
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));
  const run = async () => {
    const deleter = props.deleter;
    if (!deleter) return;
    setStep('deleting');
    const done = await deleter.run();
    setReport(done);
    if (done.errors.length > 0) setStep('failed');
    else if (done.waiting.length > 0) setStep('waiting');
    else deleter.restart();
  };
  return (
    <section class="danger-zone stack" aria-labelledby="delete-all-title" data-testid="delete-all-zone">
      <h3 id="delete-all-title">Delete all my data</h3>
      <p>
        Removes everything ARW Hub keeps in this browser, on this device only. A sync server keeps its copy of shared
        projects; to erase a conversation there too, delete it in Chat first (its erasure is sent to the server).
      </p>
      <Switch>
        <Match when={step() === 'idle'}>
          <div class="row">
            <button
              type="button"
              class="danger"
              data-testid="delete-all"
              ref={start}
              disabled={!props.deleter}
              onClick={() => {
                setStep('explain');
                focusSoon('delete-all-step1');
              }}
            >
              Delete all my data…
            </button>
          </div>
        </Match>
        <Match when={step() === 'explain'}>
          <div class="stack" role="group" aria-labelledby="delete-all-step1" data-testid="delete-all-step1">
            <p id="delete-all-step1" tabindex="-1">
              <strong>Step 1 of 2.</strong> This deletes from this browser:
            </p>
            <ul>
              <For each={WHAT_GOES}>{(item) => <li>{item}</li>}</For>
            </ul>
            <p>It cannot be undone. Export a vault first to keep a copy you can import later.</p>
            <div class="row">
              <Show when={props.onExport}>
                <button
                  type="button"
                  class="primary"
                  data-testid="delete-all-export"
                  onClick={() => props.onExport?.()}
                >
                  Export first
                </button>
              </Show>
              <button
                type="button"
                data-testid="delete-all-continue"
                onClick={() => {
                  setStep('confirm');
                  focusSoon('delete-all-confirm');
                }}
              >
                Continue
              </button>
              <button type="button" class="ghost" data-testid="delete-all-cancel" onClick={cancel}>
                Cancel
              </button>
            </div>
          </div>
        </Match>
        <Match when={step() === 'confirm'}>
          <div class="stack" role="group" aria-labelledby="delete-all-step2" data-testid="delete-all-step2">
            <p id="delete-all-step2">
              <strong>Step 2 of 2.</strong> Are you sure? Everything listed goes now, and the app starts again as new.
            </p>
            <div class="row">
              <button
                type="button"
                class="danger"
                id="delete-all-confirm"
                data-testid="delete-all-confirm"
                onClick={() => void run()}
              >
                Yes, delete everything
              </button>
              <button type="button" class="ghost" data-testid="delete-all-cancel" onClick={cancel}>
                Cancel
              </button>
            </div>
          </div>
        </Match>
        <Match when={step() === 'deleting'}>
          <p role="status" data-testid="delete-all-progress">
            Deleting…
          </p>
        </Match>
        <Match when={step() === 'waiting'}>
          <div class="stack" role="status" data-testid="delete-all-waiting">
            <p>{`Deleted, except what another tab of ARW Hub still holds open: ${report()?.waiting.join(', ')}. Close that tab (they are deleted as it closes), then reload.`}</p>
            <div class="row">
              <button type="button" onClick={() => props.deleter?.restart()}>
                Reload
              </button>
            </div>
          </div>
        </Match>
        <Match when={step() === 'failed'}>
          <div class="stack" role="alert" data-testid="delete-all-error">
            <p>Not everything could be deleted; the app is stopped. Reload, then try again for what is left:</p>
            <ul>
              <For each={report()?.errors ?? []}>{(error) => <li>{error}</li>}</For>
            </ul>
            <div class="row">
              <button type="button" onClick={() => props.deleter?.restart()}>
                Reload
              </button>
            </div>
          </div>
        </Match>
      </Switch>
    </section>
  );
}
