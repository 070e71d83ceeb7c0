/**
 * Who Chat talks to: the plain chat agent, or an installed recipe launched on a project
 * (its conversation, the model it got and why). The chat agent reads it at each run for
 * the system prompt, tools, modes and step limit; the Chat bar shows it. The recipe is
 * looked up fresh on every read, so an update applies and an uninstall ends it.
 */
import { createMemo, createRoot, createSignal, type Accessor } from 'solid-js';
import type { InstalledRecipe } from '../../core/read-models/recipes';

export type RecipeAgentId = `recipe:${string}`;

export interface RecipeAgent {
  id: RecipeAgentId;
  recipe: InstalledRecipe;
  conversationId: string;
  /** Why this model: "preferred model openai:llama is not available here; using fallback probe". */
  modelReason: string;
  /** The model picked for it (undefined: whatever Chat has loaded). */
  modelId?: string;
  projectId?: string;
}

export type ActiveAgent = { id: 'chat' } | RecipeAgent;

/** Runs the active recipe's workflow on one input (wired by the composition root). */
export type WorkflowRunner = (agent: RecipeAgent, input: string) => Promise<void>;

export interface ActiveAgentService {
  agent: Accessor<ActiveAgent>;
  set(agent: RecipeAgent): void;
  /** Back to the plain chat. */
  clear(): void;
  setWorkflowRunner(run: WorkflowRunner | undefined): void;
  /** True when a runner is wired and the active agent is a recipe with a workflow. */
  canRunWorkflow: Accessor<boolean>;
  /** Rejects when nothing can run (no runner, no workflow). */
  runWorkflow(input: string): Promise<void>;
}

export const CHAT_AGENT_ENTRY: ActiveAgent = { id: 'chat' };

export const recipeAgentId = (recipeId: string): RecipeAgentId => `recipe:${recipeId}`;

/** `resolve` gives the installed recipe now (undefined once uninstalled). */
export function createActiveAgent(deps: {
  resolve(recipeId: string): InstalledRecipe | undefined;
}): ActiveAgentService {
  return createRoot(() => {
    const [raw, setRaw] = createSignal<ActiveAgent>(CHAT_AGENT_ENTRY);
    const [runner, setRunner] = createSignal<WorkflowRunner>();
    const agent = createMemo<ActiveAgent>(() => {
      const current = raw();
      if (current.id === 'chat') return current;
      const fresh = deps.resolve(current.recipe.manifest.id);
      return fresh ? { ...current, recipe: fresh } : CHAT_AGENT_ENTRY;
    });
    const recipeWithWorkflow = () => {
      const current = agent();
      return current.id !== 'chat' && current.recipe.manifest.workflow ? current : undefined;
    };
    return {
      agent,
      set: (next) => setRaw(next),
      clear: () => setRaw(CHAT_AGENT_ENTRY),
      setWorkflowRunner: (run) => setRunner(() => run),
      canRunWorkflow: () => runner() !== undefined && recipeWithWorkflow() !== undefined,
      async runWorkflow(input) {
        const run = runner();
        const current = recipeWithWorkflow();
        if (!current) throw new Error('the active agent has no workflow to run');
        if (!run) throw new Error('workflows cannot run yet in this app (no workflow runner is wired)');
        await run(current, input);
      },
    };
  });
}
