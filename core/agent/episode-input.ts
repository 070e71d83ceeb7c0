/**
 * What one episode of the agent loop takes and gives back (SPEC E3, E4, §7): its deps,
 * its input and its outcome, plus the `episode.started` payload both loops record. Types
 * and pure helpers only, so the chat loop and the tool loop share them without a cycle.
 */
import type { EventEnvelope, PayloadOf } from '../../spec';
import type { MakeEvent } from '../journal';
import type { Clock } from '../lib/clock';
import type { Toolbox } from '../tools/toolbox';
import { clip, MAX_TEXT } from './episode-scope';
import type { ChatMessage, ModelAdapter } from './model';
import type { TokenBatchOptions } from './token-batcher';
import type { AgentTool, Authorize } from './tool-step';
import type { ToolCall, ToolRegistry } from './tools';

export interface EpisodeDeps {
  model: ModelAdapter;
  /** Builds envelopes; its actor is the one who runs the loop. */
  make: MakeEvent;
  /** Hands events to the journal writer, in order; a rejection ends the run with it. */
  emit(events: EventEnvelope[]): Promise<void>;
  clock: Clock;
  newId: () => string;
  /** The probe planner's tools (`plan` picks one of them). */
  tools: ToolRegistry;
  plan: (text: string) => ToolCall | null;
  /** Id of the loaded model, recorded on `episode.started`; decides whether the model is given tools. */
  modelId?: string;
  batching?: TokenBatchOptions;
  /** The tools a tool-calling model may call (with `input.agentTools`). */
  toolbox?: Toolbox;
  /** The decision point; without it every call that needs a permission is denied (fail closed). */
  authorize?: Authorize;
}

export interface EpisodeInput {
  text: string;
  /** The agent this input is for, recorded on `episode.started`. */
  agent: string;
  history?: readonly ChatMessage[];
  projectId?: string;
  /** Defaults to a fresh `newId()`. */
  corrId?: string;
  maxTokens?: number;
  temperature?: number;
  /** Every token as it streams, for live rendering. */
  onToken?: (token: string) => void;
  /** The tools this agent may call, with the recipe's modes and default params; a tool-calling model gets them. */
  agentTools?: readonly AgentTool[];
  /** A system prompt, sent first. */
  system?: string;
  /** Most model turns of one episode (1..32, default 8). */
  stepLimit?: number;
  /** Who asks the decision point: `recipe:<id>`, `agent:chat`; defaults to `agent:<agent>`. */
  subject?: string;
  /** Recorded on `episode.started`. */
  recipeId?: string;
  conversationId?: string;
  /** Regenerate / edit-and-resend: the corr_id of the turn's first episode (`episode.started.turn_of`). */
  turnOf?: string;
}

export type EpisodeOutcomeStatus = 'completed' | 'canceled' | 'error';

export interface EpisodeOutcome {
  corrId: string;
  /** The reply as far as it was streamed (every model turn's text). */
  reply: string;
  /** How the run ended; the episodes read-model also calls a run with a failed tool `error` (SPEC E4). */
  status: EpisodeOutcomeStatus;
  /** Model turns taken (the tool loop only). */
  steps?: number;
  /** Set when the step limit ended the run before the model answered in text. */
  stoppedBy?: 'step-limit';
  /** Plain words on why the run stopped early, for the conversation. */
  note?: string;
}

/** `episode.started` for `input` (with `extra`, e.g. the step limit). */
export function startedPayload(
  deps: Pick<EpisodeDeps, 'modelId'>,
  input: EpisodeInput,
  extra: Record<string, unknown> = {},
): PayloadOf<'episode.started'> {
  return {
    agent: input.agent,
    input: clip(input.text, MAX_TEXT),
    ...(deps.modelId ? { model: deps.modelId } : {}),
    ...(input.recipeId ? { recipe_id: input.recipeId } : {}),
    ...(input.conversationId ? { conversation_id: input.conversationId } : {}),
    ...(input.turnOf ? { turn_of: input.turnOf } : {}),
    ...extra,
  };
}

/** The messages of the first model turn: system prompt, history, the input. */
export function firstMessages(input: EpisodeInput): ChatMessage[] {
  return [
    ...(input.system ? [{ role: 'system' as const, content: input.system }] : []),
    ...(input.history ?? []),
    { role: 'user', content: input.text },
  ];
}
