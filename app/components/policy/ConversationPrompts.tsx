/**
 * The prompts of one episode, for the conversation: rendered inline under the running
 * reply, so the person answers where they are reading. The sidecar shows the same ones.
 */
import { For, Show } from 'solid-js';
import { useApp } from '../../state/app-context';
import { PromptCard } from './PromptCard';

export function ConversationPrompts(props: { corrId: string | undefined }) {
  const { policy } = useApp();
  const mine = () => policy.pending().filter((prompt) => props.corrId && prompt.request.corrId === props.corrId);
  return (
    <Show when={mine().length > 0}>
      <div class="conversation-prompts" data-testid="conversation-prompts">
        <For each={mine()}>
          {(prompt) => <PromptCard prompt={prompt} onAnswer={(answer) => policy.answer(prompt.prompt_id, answer)} />}
        </For>
      </div>
    </Show>
  );
}
