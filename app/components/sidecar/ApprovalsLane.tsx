/** The approvals lane: every prompt waiting for an answer, from any episode, oldest first. */
import { For, Show } from 'solid-js';
import { useApp } from '../../state/app-context';
import { PromptCard } from '../policy/PromptCard';

export function ApprovalsLane() {
  const { policy } = useApp();
  return (
    <section class="lane" aria-labelledby="lane-approvals" data-testid="approvals-lane">
      <header class="lane-head">
        <h2 id="lane-approvals">Approvals</h2>
        <Show when={policy.pending().length > 0}>
          <span class="badge tone-warn" aria-live="polite">
            {policy.pending().length} waiting
          </span>
        </Show>
      </header>
      <Show when={policy.pending().length > 0} fallback={<p class="empty">No request is waiting.</p>}>
        <div class="prompt-stack">
          <For each={policy.pending()}>
            {(prompt) => <PromptCard prompt={prompt} onAnswer={(answer) => policy.answer(prompt.prompt_id, answer)} />}
          </For>
        </div>
      </Show>
    </section>
  );
}
