/**
 * The registry of event kinds (SPEC E3): every kind the system emits has a payload
 * schema and a payload version here. Add kinds as features need them, always with a
 * schema; the JSON Schema files under `spec/generated/` are written from this table.
 */
import type { z } from 'zod';
import * as episodes from './payloads/episodes';
import * as policies from './payloads/policies';
import * as policy from './payloads/policy';
import * as recipes from './payloads/recipes';
import * as runtime from './payloads/runtime';
import * as stages from './payloads/stages';
import * as tokens from './payloads/tokens';
import * as tools from './payloads/tools';

export interface KindDefinition {
  /** Current payload schema version, written to the envelope's `v`. */
  readonly v: number;
  readonly payload: z.ZodType<Record<string, unknown>>;
  /** One line for people: what the event means. */
  readonly description: string;
}

export const EVENT_KINDS = {
  'episode.started': {
    v: 1,
    payload: episodes.EpisodeStartedSchema,
    description: 'An episode began: an agent took an input.',
  },
  'episode.completed': {
    v: 1,
    payload: episodes.EpisodeCompletedSchema,
    description: 'An episode finished normally, with its timing.',
  },
  'episode.canceled': {
    v: 1,
    payload: episodes.EpisodeCanceledSchema,
    description: 'An episode was stopped before it finished.',
  },
  'episode.error': { v: 1, payload: episodes.EpisodeErrorSchema, description: 'An episode failed.' },
  'obs.recorded': {
    v: 1,
    payload: stages.ObsRecordedSchema,
    description: 'Stage 1: something was observed (user input, tool output, sensor).',
  },
  'beliefs.updated': {
    v: 1,
    payload: stages.BeliefsUpdatedSchema,
    description: 'Stage 2: the set of current beliefs was replaced.',
  },
  'intents.proposed': {
    v: 1,
    payload: stages.IntentsProposedSchema,
    description: 'Stage 3: the agent proposed what to do next.',
  },
  'actions.taken': { v: 1, payload: stages.ActionsTakenSchema, description: 'Stage 4: the agent did something.' },
  'tokens.in': { v: 1, payload: tokens.TokensInSchema, description: 'Prompt tokens sent to a model.' },
  'tokens.out': {
    v: 1,
    payload: tokens.TokensOutSchema,
    description: 'A batch of completion tokens streamed from a model.',
  },
  'tool.invoked': { v: 1, payload: tools.ToolInvokedSchema, description: 'A tool call started.' },
  'tool.ran': { v: 1, payload: tools.ToolRanSchema, description: 'A tool call returned.' },
  'tool.error': { v: 1, payload: tools.ToolErrorSchema, description: 'A tool call failed.' },
  'policy.prompt': {
    v: 2,
    payload: policy.PolicyPromptSchema,
    description: 'A permission is being asked of the user.',
  },
  'policy.allow': { v: 1, payload: policy.PolicyAnswerSchema, description: 'The user allowed a permission.' },
  'policy.deny': { v: 1, payload: policy.PolicyAnswerSchema, description: 'The user denied a permission.' },
  'policy.decision': {
    v: 2,
    payload: policy.PolicyDecisionSchema,
    description: 'A call was allowed or denied, by policy or by the person.',
  },
  'leases.created': {
    v: 1,
    payload: policy.LeasesCreatedSchema,
    description: 'A time-limited permission lease was granted.',
  },
  'leases.revoked': { v: 1, payload: policy.LeasesRevokedSchema, description: 'A lease was revoked before its end.' },
  'leases.expired': { v: 1, payload: policy.LeasesExpiredSchema, description: 'A lease reached its end.' },
  'policy.never.added': {
    v: 1,
    payload: policy.PolicyNeverSchema,
    description: 'A capability (or one scope of it) is now denied without asking.',
  },
  'policy.never.removed': {
    v: 1,
    payload: policy.PolicyNeverSchema,
    description: 'A never-list entry was removed; the capability asks again.',
  },
  'policies.saved': {
    v: 1,
    payload: policies.PoliciesSavedSchema,
    description:
      'A Cedar policy was saved (created, edited, enabled or disabled); it replaces the earlier one of its id.',
  },
  'policies.removed': {
    v: 1,
    payload: policies.PoliciesRemovedSchema,
    description: 'A Cedar policy was removed; it no longer takes part in decisions.',
  },
  'recipes.installed': {
    v: 1,
    payload: recipes.RecipesInstalledSchema,
    description: "A recipe was installed or updated on this person's devices.",
  },
  'recipes.uninstalled': { v: 1, payload: recipes.RecipesUninstalledSchema, description: 'A recipe was uninstalled.' },
  'conversation.created': {
    v: 1,
    payload: recipes.ConversationCreatedSchema,
    description: 'A conversation with an agent was opened in a project.',
  },
  'conversation.renamed': {
    v: 1,
    payload: recipes.ConversationRenamedSchema,
    description: 'A conversation got a new title.',
  },
  'conversation.deleted': {
    v: 1,
    payload: recipes.ConversationDeletedSchema,
    description: "A conversation was erased: this tombstone stays, the conversation's events are removed everywhere.",
  },
  'projects.created': { v: 1, payload: recipes.ProjectsCreatedSchema, description: 'A local project was created.' },
  'projects.renamed': { v: 1, payload: recipes.ProjectsRenamedSchema, description: 'A project got a new name.' },
  'projects.archived': {
    v: 1,
    payload: recipes.ProjectsArchivedSchema,
    description: 'A project was archived (or brought back with archived: false).',
  },
  'projects.agent.attached': {
    v: 1,
    payload: recipes.ProjectsAgentAttachedSchema,
    description: 'An agent (an installed recipe) was attached to a project.',
  },
  'projects.agent.detached': {
    v: 1,
    payload: recipes.ProjectsAgentDetachedSchema,
    description: 'An agent was detached from a project.',
  },
  'runtime.health': {
    v: 1,
    payload: runtime.RuntimeHealthSchema,
    description: 'A runtime component reported its health.',
  },
  'runtime.profile.changed': {
    v: 1,
    payload: runtime.RuntimeProfileChangedSchema,
    description: 'The runtime profile was switched.',
  },
  'models.download.progress': {
    v: 1,
    payload: runtime.ModelsDownloadProgressSchema,
    description: 'A model download moved on.',
  },
  'models.changed': { v: 1, payload: runtime.ModelsChangedSchema, description: 'The set of models changed.' },
} as const satisfies Record<string, KindDefinition>;

export type EventKind = keyof typeof EVENT_KINDS;

/** Payload type for a known kind. */
export type PayloadOf<K extends EventKind> = z.infer<(typeof EVENT_KINDS)[K]['payload']>;

export const KNOWN_KINDS = Object.keys(EVENT_KINDS).sort() as EventKind[];

export function isKnownKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENT_KINDS, kind);
}
