/**
 * The tool loop's test rig: episode deps over a scripted model, the test toolbox and a
 * fake decision point that records every request, plus small readers of the events.
 */
import type { EventEnvelope } from '../../../spec';
import type { Authorization, PermissionRequest } from '../../policy/types';
import { createEpisodesModel, rebuild } from '../../read-models';
import type { Toolbox } from '../../tools/toolbox';
import type { EpisodeDeps, EpisodeInput } from '../episode-input';
import type { AbortLike, ChatMessage } from '../model';
import { createBuiltinTools } from '../tools';
import { createScriptedModel, eventRig, testToolbox, TEST_START, type ScriptedTurn } from './scripted-model';

export type Decide = (request: PermissionRequest, signal?: AbortLike) => Promise<Authorization>;
export const allowAll: Decide = async () => ({ allowed: true, reason: 'allowed by mode', by: 'policy' });

/** Deps for a tool-calling model (`openai:scripted`); `authorize: null` leaves the decision point out. */
export function loopRig(
  turns: ScriptedTurn[],
  options: { authorize?: Decide | null; toolbox?: Toolbox; onEmit?: (events: EventEnvelope[]) => void } = {},
) {
  const rig = eventRig(options.onEmit);
  const model = createScriptedModel(turns);
  const requests: PermissionRequest[] = [];
  const decide = options.authorize === undefined ? allowAll : options.authorize;
  const deps: EpisodeDeps = {
    model,
    make: rig.make,
    emit: rig.emit,
    clock: rig.clock,
    newId: rig.newId,
    tools: createBuiltinTools(rig.clock),
    plan: () => null,
    modelId: 'openai:scripted',
    toolbox: options.toolbox ?? testToolbox(),
    ...(decide ? { authorize: (request, signal) => (requests.push(request), decide(request, signal)) } : {}),
  };
  return { deps, model, events: rig.events, requests };
}

/** An input for recipe `reader` in project p1, episode ep-1, with math.eval and web.get (allow, max_bytes 100). */
export const loopInput = (text: string, extra: Partial<EpisodeInput> = {}): EpisodeInput => ({
  text,
  agent: 'recipe-agent',
  projectId: 'p1',
  corrId: 'ep-1',
  agentTools: [{ name: 'math.eval' }, { name: 'web.get', mode: 'allow', params: { max_bytes: 100 } }],
  subject: 'recipe:reader',
  ...extra,
});

export const kinds = (events: EventEnvelope[]) => events.map((event) => event.kind);
export const of = (events: EventEnvelope[], kind: string) => events.filter((event) => event.kind === kind);
/** The call an event belongs to: on tool events, in an intent's params, in a tool observation's data. */
export const callIdOf = (event: EventEnvelope) => {
  const nested = (key: string) => (event.payload[key] as { call_id?: unknown } | undefined)?.call_id;
  return event.payload['call_id'] ?? nested('params') ?? nested('data');
};
export const toolMessages = (messages: ChatMessage[]) => messages.filter((message) => message.role === 'tool');

/** The episodes read-model over `events`. */
export function episodesOf(events: EventEnvelope[]) {
  const model = createEpisodesModel();
  return model.view(rebuild(model, events), TEST_START);
}
