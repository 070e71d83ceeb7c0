/**
 * The agents of this device, wired once: the toolbox with every built-in tool (page
 * fetch, the open project's notes, the journal, the project folder), the chat agent that
 * runs the plain chat or a launched recipe through the one decision point, and the
 * workflow runner for recipes that run as a fixed pipeline.
 */
import type { ModelAdapter } from '../../core/agent/model';
import { createBuiltinTools } from '../../core/agent/tools';
import { runWorkflow } from '../../core/agent/workflow';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { Journal } from '../../core/journal/types';
import type { Clock } from '../../core/lib/clock';
import type { EventEnvelope } from '../../spec';
import type { ProjectDoc } from '../collab/project-doc-session';
import { createBrowserToolbox, createFolderChooser, openProjectNotes, type FolderChooser } from '../tools';
import { createPluginSandbox, layeredToolbox, type PluginSandbox } from '../plugins';
import type { ActiveAgentService, RecipeAgent } from './active-agent';
import { CHAT_AGENT, createChatAgent, type RunChatEpisode } from './chat-agent';
import type { PolicyService } from './policy';
import type { TokenBatchOptions } from '../../core/agent/token-batcher';

export interface AgentsDeps {
  model: ModelAdapter;
  make: MakeEvent;
  emit(events: EventEnvelope[]): Promise<void>;
  clock: Clock;
  newId: () => string;
  journal: Pick<Journal, 'query'>;
  projectDoc: Pick<ProjectDoc, 'session'>;
  policy: Pick<PolicyService, 'authorize'>;
  activeAgent: ActiveAgentService;
  modelId(): string | undefined;
  batching(): TokenBatchOptions;
  project(): string | undefined;
  onSettled?(): void;
  /** The page's storage and folder picker (absent in some browsers). */
  storage?: StorageManager;
  showDirectoryPicker?: () => Promise<FileSystemDirectoryHandle>;
}

export interface Agents {
  runChat: RunChatEpisode;
  folders: FolderChooser;
  plugins: PluginSandbox;
}

export function createAgents(deps: AgentsDeps): Agents {
  const folders = createFolderChooser({
    ...(deps.storage ? { storage: deps.storage } : {}),
    ...(deps.showDirectoryPicker ? { showDirectoryPicker: deps.showDirectoryPicker } : {}),
  });
  const builtins = createBrowserToolbox({
    fetch: (url, init) => fetch(url, init),
    clock: deps.clock,
    journal: deps.journal,
    notesDoc: openProjectNotes(() => deps.projectDoc.session()),
    folder: folders.folder,
  });
  const authorize = deps.policy.authorize;
  // A launched recipe's plugin tools lie over the built-in ones while it is the active agent.
  const plugins = createPluginSandbox({ fetch: (url, init) => fetch(url, init), authorize, folder: folders.folder });
  const toolbox = layeredToolbox(builtins, () => {
    const agent = deps.activeAgent.agent();
    return agent.id === 'chat' ? undefined : plugins.forRecipe(agent.recipe.manifest, agent.id);
  });
  const runChat = createChatAgent({
    model: deps.model,
    make: deps.make,
    emit: deps.emit,
    clock: deps.clock,
    newId: deps.newId,
    tools: createBuiltinTools(deps.clock),
    toolbox,
    authorize,
    active: deps.activeAgent.agent,
    modelId: deps.modelId,
    batching: deps.batching,
    project: deps.project,
    ...(deps.onSettled ? { onSettled: deps.onSettled } : {}),
  });
  const runRecipeWorkflow = async (agent: RecipeAgent, input: string) => {
    const manifest = agent.recipe.manifest;
    const outcome = await runWorkflow(
      {
        make: deps.make,
        emit: deps.emit,
        clock: deps.clock,
        newId: deps.newId,
        toolbox: layeredToolbox(builtins, () => plugins.forRecipe(manifest, agent.id)),
        authorize,
        model: deps.model,
        modelId: deps.modelId(),
        batching: deps.batching(),
      },
      { ...manifest, subject: agent.id },
      {
        input,
        agent: CHAT_AGENT,
        projectId: agent.projectId ?? deps.project(),
        conversationId: agent.conversationId,
      },
    );
    if (outcome.status === 'error') throw new Error(outcome.error ?? `the step ${outcome.failedStep ?? ''} failed`);
  };
  deps.activeAgent.setWorkflowRunner(runRecipeWorkflow);
  return { runChat, folders, plugins };
}
