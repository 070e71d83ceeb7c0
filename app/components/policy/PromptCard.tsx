/**
 * One permission request, inline (never a modal): who wants to do what, for which tool,
 * and the six answers (once, 15 min, 1 h, 1 day, deny, never). Presentational: the
 * answer goes to `onAnswer`; the same prompt may show in the sidecar and the chat.
 */
import { For, Show } from 'solid-js';
import type { PromptAnswer } from '../../../core/policy/types';
import type { PendingPrompt } from '../../state/policy';
import { describeCapability, describeSubject } from './capability-words';

const CHOICES: readonly { label: string; answer: PromptAnswer; tone: string; hint?: string }[] = [
  { label: 'Allow once', answer: { answer: 'once' }, tone: 'primary' },
  { label: 'Allow 15 min', answer: { answer: 'lease', ttl_secs: 900 }, tone: '' },
  { label: 'Allow 1 h', answer: { answer: 'lease', ttl_secs: 3600 }, tone: '' },
  { label: 'Allow 1 day', answer: { answer: 'lease', ttl_secs: 86_400 }, tone: '' },
  { label: 'Deny', answer: { answer: 'deny' }, tone: 'danger' },
  {
    label: 'Never',
    answer: { answer: 'never' },
    tone: 'danger',
    hint: 'Deny this now and from now on, without asking',
  },
];

/** "<agent> wants to <what> (<scope>) for <tool>". */
export function promptSentence(prompt: PendingPrompt, agentName?: string): string {
  const { request } = prompt;
  const who = agentName ?? describeSubject(request.subject);
  const scope = request.scope ? ` (${request.scope})` : '';
  return `${who} wants to ${describeCapability(request.capability, request.scope)}${scope} for ${request.tool}`;
}

export function PromptCard(props: {
  prompt: PendingPrompt;
  onAnswer: (answer: PromptAnswer) => void;
  /** The agent's display name (a recipe's name); defaults to words for the subject. */
  agentName?: string;
}) {
  const headingId = () => `prompt-${props.prompt.prompt_id}`;
  return (
    <div
      class="prompt-card"
      role="group"
      aria-label={`Permission request: ${props.prompt.request.tool}`}
      aria-describedby={headingId()}
      data-testid="prompt-card"
      data-prompt-id={props.prompt.prompt_id}
      data-capability={props.prompt.request.capability}
    >
      <p class="prompt-text" id={headingId()}>
        {promptSentence(props.prompt, props.agentName)}
      </p>
      <Show when={props.prompt.request.reason}>{(reason) => <p class="prompt-reason muted">{reason()}</p>}</Show>
      <div class="prompt-actions">
        <For each={CHOICES}>
          {(choice) => (
            <button type="button" class={choice.tone} title={choice.hint} onClick={() => props.onAnswer(choice.answer)}>
              {choice.label}
            </button>
          )}
        </For>
      </div>
    </div>
  );
}
