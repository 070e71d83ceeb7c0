/**
 * Chat's agent line: which agent answers (the plain chat, or a recipe launched on a
 * project, with the model it got and why, and its tools), a picker over the agents
 * attached to the current project, and, for a recipe with a workflow, its input and
 * "Run workflow". Hidden when there is only the plain chat.
 */
import { createSignal, For, Show } from 'solid-js';
import { useCollab } from '../../collab/collab';
import { useApp } from '../../state/app-context';
import type { RecipeAgent } from '../../state/active-agent';
import { useProject } from '../../state/project';

const RECIPE_PREFIX = 'recipe:';

export function ActiveAgentBar() {
  const { activeAgent, recipes, model } = useApp();
  const project = useProject();
  const collab = useCollab();
  const [input, setInput] = createSignal('');
  const [error, setError] = createSignal<string>();
  const [running, setRunning] = createSignal(false);
  const recipeAgent = () => {
    const agent = activeAgent.agent();
    return agent.id === 'chat' ? undefined : (agent as RecipeAgent);
  };
  const choices = () => {
    const attached = collab.projectDoc
      .agents()
      .filter((a) => a.agent_id.startsWith(RECIPE_PREFIX) && recipes.get(a.agent_id.slice(RECIPE_PREFIX.length)))
      .map((a) => ({ id: a.agent_id, label: a.label }));
    const active = recipeAgent();
    return active && !attached.some((a) => a.id === active.id)
      ? [...attached, { id: active.id, label: active.recipe.manifest.name }]
      : attached;
  };
  const report = (cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause));
  const pick = (id: string) => {
    setError(undefined);
    if (id === 'chat') return activeAgent.clear();
    if (id !== activeAgent.agent().id)
      void recipes.launch(id.slice(RECIPE_PREFIX.length), project.current()).catch(report);
  };
  const run = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setRunning(true);
    try {
      await activeAgent.runWorkflow(input());
    } catch (cause) {
      report(cause);
    } finally {
      setRunning(false);
    }
  };
  return (
    <Show when={recipeAgent() || choices().length > 0}>
      <section class="agent-bar" aria-label="Agent" data-testid="agent-bar">
        <label>
          Agent{' '}
          <select
            value={activeAgent.agent().id}
            onChange={(e) => pick(e.currentTarget.value)}
            data-testid="agent-picker"
          >
            <option value="chat">Plain chat</option>
            <For each={choices()}>{(choice) => <option value={choice.id}>{choice.label}</option>}</For>
          </select>
        </label>
        <Show when={recipeAgent()}>
          {(agent) => (
            <>
              <p data-testid="agent-running">
                Running <strong>{agent().recipe.manifest.name}</strong> on {agent().projectId ?? 'Personal'} · model{' '}
                <span class="mono">{agent().modelId ?? model.info()?.id ?? model.selected()}</span> (
                {agent().modelReason}) · tools{' '}
                {agent()
                  .recipe.manifest.tools.map((t) => t.id)
                  .join(', ') || 'none'}
              </p>
              <button type="button" onClick={() => activeAgent.clear()}>
                Back to plain chat
              </button>
              <Show when={agent().recipe.manifest.workflow}>
                <form onSubmit={(event) => void run(event)}>
                  <label>
                    {agent().recipe.manifest.ui?.input_label ?? 'Input'}{' '}
                    <input
                      value={input()}
                      onInput={(e) => setInput(e.currentTarget.value)}
                      placeholder={agent().recipe.manifest.ui?.input_placeholder ?? ''}
                      data-testid="workflow-input"
                    />
                  </label>
                  <button type="submit" class="primary" disabled={running() || !activeAgent.canRunWorkflow()}>
                    Run workflow
                  </button>
                </form>
              </Show>
            </>
          )}
        </Show>
        <Show when={error()}>
          {(message) => (
            <p class="notice tone-warn" role="alert">
              {message()}
            </p>
          )}
        </Show>
      </section>
    </Show>
  );
}
