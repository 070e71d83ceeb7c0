/**
 * The chat agent: one episode per chat input, run by core's loop with the model Chat has
 * loaded, the built-in tools, the runtime profile's token batching and the current
 * project. Which planner runs is decided here: the probe's planner calls tools, any other
 * model only continues text.
 */
import type { ModelAdapter } from '../../core/agent/model';
import { PROBE_MODEL_INFO } from '../../core/agent/probe-model';
import { planProbe } from '../../core/agent/probe-plan';
import { runEpisode, type EpisodeDeps, type EpisodeInput, type EpisodeOutcome } from '../../core/agent/run-episode';
import type { TokenBatchOptions } from '../../core/agent/token-batcher';
import type { ToolRegistry } from '../../core/agent/tools';
import type { MakeEvent } from '../../core/journal/event-factory';
import type { Clock } from '../../core/lib/clock';
import type { Authorize } from '../../core/agent/tool-step';
import { fillText } from '../../core/recipes/template';
import type { Toolbox } from '../../core/tools/toolbox';
import type { EventEnvelope } from '../../spec';
import type { ActiveAgent } from './active-agent';

/** The agent the chat talks to, recorded on every `episode.started` (the model is recorded beside it). */
export const CHAT_AGENT = 'chat';
/** The offline default: the project's own tiny model (public/models/), the probe when it cannot load. */
export const DEFAULT_CHAT_MODEL = 'arw-tiny-char';

export type RunChatEpisode = (input: EpisodeInput, signal: AbortSignal) => Promise<EpisodeOutcome>;

export interface ChatAgentDeps {
  model: ModelAdapter;
  make: MakeEvent;
  /** Writes an episode's events, in order (a rejection ends the run with it). */
  emit(events: EventEnvelope[]): Promise<void>;
  clock: Clock;
  newId: () => string;
  tools: ToolRegistry;
  /** The built-in tools a model server may call (SPEC §7); without it models only reply. */
  toolbox?: Toolbox;
  /** The one decision point every tool call goes through. */
  authorize?: Authorize;
  /** The agent Chat talks to now: the plain chat agent or a launched recipe. */
  active?(): ActiveAgent;
  /** The id of the model loaded now (read at each run). */
  modelId(): string | undefined;
  /** The runtime profile's `tokens.out` batching now. */
  batching(): TokenBatchOptions;
  /** The project an input without one belongs to. */
  project(): string | undefined;
  /** After every run, however it ended (e.g. to refresh the model's stats). */
  onSettled?(): void;
}

const noPlan: EpisodeDeps['plan'] = () => null;

/**
 * The plain chat agent's tools: every built-in one; those that need no permission run
 * without asking, the others ask (a lease then covers the next calls).
 */
export function chatAgentTools(toolbox: Toolbox): NonNullable<EpisodeInput['agentTools']> {
  return toolbox.names().map((name) => ({ name, mode: toolbox.definition(name)?.capability ? 'ask' : 'allow' }));
}

/** What a launched recipe changes in one run: its prompt, tools, modes, step limit and conversation. */
function recipeInput(input: EpisodeInput, agent: ActiveAgent, deps: ChatAgentDeps): EpisodeInput {
  const project = input.projectId ?? deps.project();
  if (agent.id === 'chat')
    return {
      ...input,
      projectId: project,
      subject: 'agent:chat',
      ...(deps.toolbox ? { agentTools: chatAgentTools(deps.toolbox) } : {}),
    };
  const manifest = agent.recipe.manifest;
  const template = manifest.prompts?.user_template;
  const filled = template ? fillText(template, { input: input.text, steps: {} }) : undefined;
  return {
    ...input,
    text: filled?.ok ? filled.value : input.text,
    projectId: agent.projectId ?? project,
    subject: agent.id,
    recipeId: manifest.id,
    conversationId: agent.conversationId,
    stepLimit: manifest.step_limit,
    ...(manifest.prompts?.system ? { system: manifest.prompts.system } : {}),
    agentTools: manifest.tools.map((tool) => ({
      name: tool.id,
      ...(tool.mode !== undefined ? { mode: tool.mode } : {}),
      ...(tool.params ? { params: tool.params } : {}),
    })),
  };
}

/** The planner for `modelId`: the probe plans tool calls; a language model is only prompted. */
export function planFor(modelId: string | undefined): EpisodeDeps['plan'] {
  return modelId === PROBE_MODEL_INFO.id ? planProbe : noPlan;
}

export function createChatAgent(deps: ChatAgentDeps): RunChatEpisode {
  return (input, signal) => {
    const modelId = deps.modelId();
    const episode: EpisodeDeps = {
      model: deps.model,
      make: deps.make,
      emit: deps.emit,
      clock: deps.clock,
      newId: deps.newId,
      tools: deps.tools,
      ...(deps.toolbox ? { toolbox: deps.toolbox } : {}),
      ...(deps.authorize ? { authorize: deps.authorize } : {}),
      plan: planFor(modelId),
      modelId,
      batching: deps.batching(),
    };
    const agent = deps.active?.() ?? { id: 'chat' };
    return runEpisode(episode, recipeInput(input, agent, deps), signal).finally(() => deps.onSettled?.());
  };
}
