/** The agents attached to the project: who attached each (by device name), and attach/detach controls. */
import { createSignal, For, Show } from 'solid-js';
import type { AttachedAgent } from '../../collab/project-doc';

export interface AgentChoice {
  id: string;
  label: string;
}

export function AttachedAgents(props: {
  agents: AttachedAgent[];
  /** The name to show for the device that attached `agent` (never a raw actor id). */
  attachedBy(agent: AttachedAgent): string;
  choices: readonly AgentChoice[];
  disabled: boolean;
  onAttach(agent: AgentChoice): void;
  onDetach(agentId: string): void;
}) {
  const [picked, setPicked] = createSignal('');
  const free = () => props.choices.filter((choice) => !props.agents.some((agent) => agent.agent_id === choice.id));
  const chosen = () => free().find((choice) => choice.id === picked()) ?? free()[0];
  return (
    <div class="attached-agents" data-testid="attached-agents">
      <Show when={props.agents.length > 0} fallback={<p class="empty">No agents attached.</p>}>
        <ul>
          <For each={props.agents}>
            {(agent) => (
              <li data-testid="attached-agent" data-agent-id={agent.agent_id}>
                <strong>{agent.label}</strong>{' '}
                <span class="muted" data-testid="attached-by">
                  attached by {props.attachedBy(agent)}
                </span>{' '}
                <button
                  type="button"
                  onClick={() => props.onDetach(agent.agent_id)}
                  disabled={props.disabled}
                  aria-label={`Detach ${agent.label}`}
                >
                  Detach
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={free().length > 0}>
        <label>
          Agent{' '}
          <select
            aria-label="Agent to attach"
            value={chosen()?.id ?? ''}
            onChange={(e) => setPicked(e.currentTarget.value)}
            disabled={props.disabled}
          >
            <For each={free()}>{(choice) => <option value={choice.id}>{choice.label}</option>}</For>
          </select>
        </label>{' '}
        <button
          type="button"
          onClick={() => chosen() && props.onAttach(chosen()!)}
          disabled={props.disabled || !chosen()}
        >
          Attach agent
        </button>
      </Show>
    </div>
  );
}
