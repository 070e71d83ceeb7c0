/**
 * Launching and attaching an installed recipe. Launch opens a conversation bound to a
 * project (`conversation.created`, agent `recipe:<id>`), picks the model (preferred,
 * fallback, device default) and records which and why, makes the recipe Chat's active
 * agent and opens Chat. Attach puts it in the project's attached agents (Yjs) and journals it.
 */
import type { MakeEvent } from '../../core/journal/event-factory';
import type { InstalledRecipe } from '../../core/read-models/recipes';
import type { EventEnvelope } from '../../spec';
import type { RecipeManifest } from '../../spec/recipe';
import { recipeAgentId, type ActiveAgentService } from '../state/active-agent';
import type { ModelChoice } from './pick-model';

export interface LaunchDeps {
  get(id: string): InstalledRecipe | undefined;
  append(event: EventEnvelope): Promise<void>;
  make: MakeEvent;
  newId(): string;
  /** Makes `projectId` the current project (Chat runs there). */
  setProject(projectId: string | undefined): void;
  /** Picks the recipe's model, selects it when it is not the loaded one, and says why. */
  chooseModel(manifest: RecipeManifest): Promise<ModelChoice>;
  activeAgent: Pick<ActiveAgentService, 'set'>;
  openChat(): void;
  /** Adds the agent to the project's Yjs document (attached agents). */
  attachInDoc(projectId: string | undefined, agent: { id: string; label: string }): Promise<void>;
}

const context = (projectId: string | undefined) => (projectId !== undefined ? { project_id: projectId } : {});

export function createLauncher(deps: LaunchDeps) {
  const installed = (id: string) => {
    const recipe = deps.get(id);
    if (!recipe) throw new Error(`no recipe "${id}" is installed; install it from the Gallery first`);
    return recipe;
  };
  return {
    async launch(id: string, projectId: string | undefined): Promise<void> {
      const recipe = installed(id);
      const choice = await deps.chooseModel(recipe.manifest);
      const conversationId = deps.newId();
      await deps.append(
        deps.make(
          'conversation.created',
          {
            conversation_id: conversationId,
            title: recipe.manifest.name,
            agent: recipeAgentId(id),
            recipe_id: id,
            ...(choice.id !== undefined ? { model: choice.id } : {}),
            model_reason: choice.reason,
          },
          context(projectId),
        ),
      );
      deps.setProject(projectId);
      deps.activeAgent.set({
        id: recipeAgentId(id),
        recipe,
        conversationId,
        modelReason: choice.reason,
        ...(choice.id !== undefined ? { modelId: choice.id } : {}),
        ...(projectId !== undefined ? { projectId } : {}),
      });
      deps.openChat();
    },
    async attach(id: string, projectId: string | undefined): Promise<void> {
      const recipe = installed(id);
      const agent = { id: recipeAgentId(id), label: recipe.manifest.name };
      await deps.attachInDoc(projectId, agent);
      await deps.append(
        deps.make('projects.agent.attached', { agent_id: agent.id, label: agent.label }, context(projectId)),
      );
    },
    async detached(agentId: string, projectId: string | undefined): Promise<void> {
      await deps.append(deps.make('projects.agent.detached', { agent_id: agentId }, context(projectId)));
    },
  };
}
