/**
 * Who Chat talks to follows the open conversation: a recipe's conversation talks to that
 * recipe again (while it is installed), any other one to the plain chat. A launched
 * recipe's own conversation keeps the agent the launch set (with its model choice).
 */
import { createEffect, on, untrack, type Accessor } from 'solid-js';
import type { ConversationSummary } from '../../core/read-models/conversations';
import type { InstalledRecipe } from '../../core/read-models/recipes';
import { recipeAgentId, type ActiveAgentService } from './active-agent';

/** Must run inside a Solid owner. */
export function followConversationAgent(deps: {
  current: Accessor<string>;
  summary: Accessor<ConversationSummary | undefined>;
  activeAgent: Pick<ActiveAgentService, 'agent' | 'set' | 'clear'>;
  recipe?(id: string): InstalledRecipe | undefined;
}): void {
  createEffect(
    on([deps.current, () => deps.summary()?.agent], ([id, agent]) => {
      const now = untrack(deps.activeAgent.agent);
      if (now.id !== 'chat' && now.conversationId === id) return;
      const recipeId = agent?.startsWith('recipe:') ? agent.slice('recipe:'.length) : undefined;
      const recipe = recipeId ? deps.recipe?.(recipeId) : undefined;
      if (recipe && recipeId) {
        const project = untrack(deps.summary)?.project_id;
        deps.activeAgent.set({
          id: recipeAgentId(recipeId),
          recipe,
          conversationId: id,
          modelReason: 'this conversation was started with this recipe',
          ...(project !== undefined ? { projectId: project } : {}),
        });
      } else if (now.id !== 'chat') deps.activeAgent.clear();
    }),
  );
}
