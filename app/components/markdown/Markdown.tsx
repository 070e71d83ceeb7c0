/**
 * A reply rendered as sanitized Markdown (render.ts). While it streams, the text is
 * re-rendered at most once per animation frame, however many token batches arrive; once
 * it settles it is rendered at once. Only this element's children change, so the
 * messages around it keep their DOM nodes. Code blocks' Copy buttons are handled here.
 */
import { createEffect, createSignal, onCleanup, Show, untrack } from 'solid-js';
import { COPIED_MS, copyText } from './clipboard';
import { renderMarkdown } from './render';

export function Markdown(props: { text: string; streaming?: boolean; testid?: string }) {
  const [error, setError] = createSignal('');
  const [copied, setCopied] = createSignal(false);
  let root: HTMLDivElement | undefined;
  let frame = 0;
  const paint = () => {
    frame = 0;
    root?.replaceChildren(renderMarkdown(untrack(() => props.text)));
  };
  createEffect(() => {
    void props.text;
    if (props.streaming) {
      if (frame === 0) frame = requestAnimationFrame(paint);
      return;
    }
    if (frame !== 0) cancelAnimationFrame(frame);
    paint();
  });
  onCleanup(() => frame !== 0 && cancelAnimationFrame(frame));

  // The buttons come from render.ts (a reply cannot contain a <button>: the sanitizer drops them).
  const onClick = async (event: MouseEvent) => {
    const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.code-copy');
    const code = button?.closest('.code-block')?.querySelector('pre code, pre');
    if (!button || !code) return;
    // marked ends a block's text with the fence's newline; the code is what comes before it.
    const result = await copyText((code.textContent ?? '').replace(/\n$/, ''));
    setError(result.ok ? '' : result.message);
    setCopied(result.ok);
    button.textContent = result.ok ? 'Copied' : 'Copy';
    if (!result.ok) {
      delete button.dataset.state;
      return;
    }
    button.dataset.state = 'copied';
    setTimeout(() => {
      button.textContent = 'Copy';
      delete button.dataset.state;
      setCopied(false);
    }, COPIED_MS);
  };

  return (
    <>
      <div class="md" data-testid={props.testid ?? 'reply-text'} ref={root} onClick={(event) => void onClick(event)} />
      <span class="sr-only" role="status">
        {copied() ? 'Code copied' : ''}
      </span>
      <Show when={error()}>
        <span class="msg-note tone-error" role="alert" data-testid="copy-error">
          {error()}
        </span>
      </Show>
    </>
  );
}
