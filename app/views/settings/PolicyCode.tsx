/**
 * The editor's Cedar text: a monospace textarea with a line gutter that scrolls with it,
 * and the validation errors listed under it, each a button that puts the caret at its
 * line and column. Holds no policy state: the editor owns the text and the errors.
 */
import { For, Show } from 'solid-js';
import { errorLabel, lineCount, offsetOf, type PolicyTextError } from '../../policy/editor-lines';

export function PolicyCode(props: {
  text: string;
  onInput(text: string): void;
  errors: readonly PolicyTextError[];
  /** The status line that says why (valid, or how many errors). */
  describedBy: string;
  ref?: (area: HTMLTextAreaElement) => void;
}) {
  let area: HTMLTextAreaElement | undefined;
  let gutter: HTMLPreElement | undefined;
  const jumpTo = (error: PolicyTextError) => {
    if (!area) return;
    const at = offsetOf(props.text, error.line, error.column);
    area.focus();
    area.setSelectionRange(at, at);
  };
  return (
    <>
      <label class="policy-text-label" for="policy-text">
        Policy (Cedar)
      </label>
      <div class="policy-code">
        <pre class="policy-gutter" aria-hidden="true" ref={gutter}>
          {Array.from({ length: lineCount(props.text) }, (_, i) => i + 1).join('\n')}
        </pre>
        <textarea
          id="policy-text"
          ref={(element) => {
            area = element;
            props.ref?.(element);
          }}
          class="policy-text"
          value={props.text}
          spellcheck={false}
          wrap="off"
          rows={12}
          aria-invalid={props.errors.length > 0 ? 'true' : undefined}
          aria-describedby={props.describedBy}
          onInput={(e) => props.onInput(e.currentTarget.value)}
          onScroll={(e) => gutter && (gutter.scrollTop = e.currentTarget.scrollTop)}
        />
      </div>
      <Show when={props.errors.length > 0}>
        <ul class="plain policy-errors" data-testid="policy-errors" aria-label="Errors">
          <For each={props.errors}>
            {(error) => (
              <li>
                <button type="button" class="link" data-line={error.line} onClick={() => jumpTo(error)}>
                  {errorLabel(error)}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
