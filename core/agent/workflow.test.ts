/**
 * Workflow recipes run as fixed pipelines with no model deciding (SPEC §4, §7): params
 * filled from the input and earlier steps, every call through the decision point, one
 * episode whose failed or denied step ends it in error by name; prompt steps need a model.
 */
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import type { Authorization, PermissionRequest } from '../policy/types';
import { createEpisodesModel, rebuild } from '../read-models';
import { createAbortSource } from './abort';
import { createScriptedModel, eventRig, testToolbox, TEST_START } from './testing/scripted-model';
import { runWorkflow, type WorkflowDeps, type WorkflowRecipe } from './workflow';

const SAVE_PAGE: WorkflowRecipe = {
  id: 'save-page',
  tools: [
    { id: 'web.get', mode: 'allow', params: { max_bytes: 50 } },
    { id: 'notes.append', mode: 'ask' },
  ],
  workflow: [
    { id: 'fetch', label: 'Fetch the page', tool: 'web.get', params: { url: '{{input}}' } },
    { id: 'save', tool: 'notes.append', params: { text: '# {{steps.fetch.url}}\n\n{{steps.fetch.body}}' } },
  ],
};

function setup(
  options: {
    decide?: (request: PermissionRequest) => Authorization;
    web?: () => unknown;
    model?: WorkflowDeps['model'];
    onEmit?: (events: EventEnvelope[]) => void;
  } = {},
) {
  const rig = eventRig(options.onEmit);
  const notes: string[] = [];
  const requests: PermissionRequest[] = [];
  const deps: WorkflowDeps = {
    make: rig.make,
    emit: rig.emit,
    clock: rig.clock,
    newId: rig.newId,
    toolbox: testToolbox({
      notes: ({ text }) => (notes.push(text), { length: text.length }),
      ...(options.web ? { web: options.web } : {}),
    }),
    authorize: async (request) => {
      requests.push(request);
      return options.decide?.(request) ?? { allowed: true, reason: 'allowed', by: 'policy' };
    },
    ...(options.model ? { model: options.model, modelId: 'openai:scripted' } : {}),
  };
  return { deps, events: rig.events, notes, requests };
}

const launch = { input: 'https://example.com/page', projectId: 'p1', corrId: 'wf-1' };
const kinds = (events: EventEnvelope[]) => events.map((event) => event.kind);
const statusOf = (events: EventEnvelope[]) => {
  const model = createEpisodesModel();
  return model.view(rebuild(model, events), TEST_START)[0]!.status;
};

describe('runWorkflow', () => {
  it('runs each step with filled params and the recipe defaults, asks for each permission, and records one episode', async () => {
    const { deps, events, notes, requests } = setup();
    const outcome = await runWorkflow(deps, SAVE_PAGE, launch);
    expect(outcome).toMatchObject({ corrId: 'wf-1', status: 'completed', output: { length: 33 } });
    expect(notes).toEqual(['# https://example.com/page\n\nhello']);
    expect(kinds(events)).toEqual([
      'episode.started',
      'obs.recorded',
      'intents.proposed',
      'tool.invoked',
      'tool.ran',
      'obs.recorded',
      'intents.proposed',
      'tool.invoked',
      'tool.ran',
      'obs.recorded',
      'actions.taken',
      'episode.completed',
    ]);
    expect(events[0]!.payload).toMatchObject({
      agent: 'recipe:save-page',
      recipe_id: 'save-page',
      workflow: ['fetch', 'save'],
    });
    expect(events[2]!.payload).toMatchObject({
      intent: 'use-tool',
      rationale: 'Fetch the page',
      params: { step: 'fetch' },
    });
    expect(events[3]!.payload['input']).toEqual({ url: 'https://example.com/page', max_bytes: 50 });
    expect(requests.map((r) => [r.tool, r.capability, r.scope, r.subject, r.mode, r.corrId])).toEqual([
      ['web.get', 'net:http', 'net://example.com', 'recipe:save-page', 'allow', 'wf-1'],
      ['notes.append', 'project:write', 'project://write', 'recipe:save-page', 'ask', 'wf-1'],
    ]);
    for (const event of events) expect(validateEvent(event), event.kind).toMatchObject({ ok: true });
    expect(statusOf(events)).toBe('completed');
  });

  it('a denied step ends the episode in error naming the step and the reason; the tool never runs', async () => {
    const { deps, events, notes } = setup({
      decide: (request) =>
        request.tool === 'notes.append'
          ? { allowed: false, reason: 'the person denied project:write', by: 'device-1' }
          : { allowed: true, reason: 'allowed', by: 'policy' },
    });
    const outcome = await runWorkflow(deps, SAVE_PAGE, launch);
    expect(outcome).toMatchObject({ status: 'error', failedStep: 'save', steps: { fetch: { body: 'hello' } } });
    expect(notes).toEqual([]);
    expect(events.filter((event) => event.kind === 'tool.invoked')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      kind: 'episode.error',
      code: 'workflow-step-denied',
      payload: { step: 'save', message: 'step save (notes.append): was denied: the person denied project:write' },
    });
    expect(statusOf(events)).toBe('error');
  });

  it('a failing tool, a template gap and a tool the recipe does not list each end the run at that step', async () => {
    const failing = setup({
      web: () => {
        throw new Error('the site refused (CORS)');
      },
    });
    expect(await runWorkflow(failing.deps, SAVE_PAGE, launch)).toMatchObject({ status: 'error', failedStep: 'fetch' });
    expect(kinds(failing.events).slice(-3)).toEqual(['tool.error', 'obs.recorded', 'episode.error']);
    expect(failing.events.at(-1)!.payload['message']).toBe('step fetch (web.get): the site refused (CORS)');

    const gap = setup();
    const broken = {
      ...SAVE_PAGE,
      workflow: [{ id: 'save', tool: 'notes.append', params: { text: '{{steps.fetch.body}}' } }],
    };
    expect(await runWorkflow(gap.deps, broken, launch)).toMatchObject({ status: 'error', failedStep: 'save' });
    expect(gap.events.at(-1)!.payload['message']).toMatch(
      /step save \(notes.append\): \{\{steps.fetch.body\}\}: step "fetch" has not run/,
    );
    expect(kinds(gap.events)).not.toContain('intents.proposed');

    const undeclared = setup();
    const stray = { ...SAVE_PAGE, workflow: [{ id: 'calc', tool: 'math.eval', params: { expression: '1+1' } }] };
    expect(await runWorkflow(undeclared.deps, stray, launch)).toMatchObject({ status: 'error', failedStep: 'calc' });
    expect(undeclared.events.at(-2)).toMatchObject({ kind: 'tool.error', code: 'tool-call-invalid' });
  });

  it('a prompt step without a model fails with "this step needs a model"; with one, its text feeds the next step', async () => {
    const summarize: WorkflowRecipe = {
      id: 'summarize',
      prompts: { system: 'Summarize in one line.' },
      tools: [
        { id: 'web.get', mode: 'allow' },
        { id: 'notes.append', mode: 'allow' },
      ],
      workflow: [
        { id: 'fetch', tool: 'web.get', params: { url: '{{input}}' } },
        { id: 'sum', prompt: 'Summarize: {{steps.fetch.body}}' },
        { id: 'save', tool: 'notes.append', params: { text: '{{steps.sum}}' } },
      ],
    };
    const none = setup();
    expect(await runWorkflow(none.deps, summarize, launch)).toMatchObject({ status: 'error', failedStep: 'sum' });
    expect(none.events.at(-1)).toMatchObject({
      code: 'workflow-needs-model',
      payload: { message: 'step sum: this step needs a model' },
    });

    const model = createScriptedModel([{ text: 'A greeting.' }]);
    const withModel = setup({ model });
    expect(await runWorkflow(withModel.deps, summarize, launch)).toMatchObject({ status: 'completed' });
    expect(withModel.notes).toEqual(['A greeting.']);
    expect(model.seen[0]!.messages).toEqual([
      { role: 'system', content: 'Summarize in one line.' },
      { role: 'user', content: 'Summarize: hello' },
    ]);
    expect(model.seen[0]!.params.tools).toBeUndefined();
    expect(kinds(withModel.events)).toContain('tokens.out');
  });

  it('a stop between steps ends the episode canceled at the next step', async () => {
    const source = createAbortSource();
    const { deps, events, notes } = setup({
      onEmit: (batch) => batch.some((event) => event.kind === 'tool.ran') && source.abort(),
    });
    const outcome = await runWorkflow(deps, SAVE_PAGE, launch, source.signal);
    expect(outcome).toMatchObject({ status: 'canceled', failedStep: 'save' });
    expect(notes).toEqual([]);
    expect(events.at(-1)).toMatchObject({ kind: 'episode.canceled' });
    expect(statusOf(events)).toBe('canceled');
  });
});
