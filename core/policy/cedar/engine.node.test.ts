/**
 * Cedar in the decision point, with the real nodejs build of @cedar-policy/cedar-wasm:
 * a forbid beats a lease and `allow` mode, evaluation errors deny with the reason, a
 * change of the list takes effect on the next call, the set is prepared once per change,
 * and `simulate` answers what `authorize` decides.
 */
import * as cedarNode from '@cedar-policy/cedar-wasm/nodejs';
import { describe, expect, it, vi } from 'vitest';
import { createEventFactory } from '../../journal/event-factory';
import { createDecisionPoint } from '../decision-point';
import { applyPolicyEvent, createPolicyState } from '../leases';
import type { PermissionRequest } from '../types';
import type { CedarApi } from './cedar-api';
import { createCedarPolicyEngine } from './engine';
import { foldPolicies, policyHash, SHIPPED_POLICIES, type PolicySource } from './policy-set';
import { simulateDecision } from './simulate';
import { BUILTIN_MANIFESTS, recipeToolManifests } from '../../tools/manifests';
import type { EventEnvelope } from '../../../spec';

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0); // a Wednesday
const clock = { now: () => NOW };
let seq = 0;
const newId = () => `01J${String(seq++).padStart(23, '0')}`;
const make = createEventFactory({ actor: 'device-a', clock, newId });
const cedar = cedarNode as unknown as CedarApi;

function personal(id: string, text: string, enabled = true): PolicySource {
  return { id, name: `Policy ${id}`, text, enabled, origin: 'personal', hash: policyHash(text) };
}

const FORBID_EVIL = personal(
  'no-evil',
  'forbid(principal, action == Action::"net:http", resource) when { resource.host == "evil.example" };',
);

function setup(initial: readonly PolicySource[] = [...SHIPPED_POLICIES, FORBID_EVIL]) {
  let list: readonly PolicySource[] = initial;
  const api = { ...cedar, preparsePolicySet: vi.fn(cedar.preparsePolicySet) } as CedarApi & {
    preparsePolicySet: ReturnType<typeof vi.fn>;
  };
  const load = vi.fn(async () => api);
  const engine = createCedarPolicyEngine({
    cedar: load,
    policies: () => list,
    tools: () => BUILTIN_MANIFESTS,
    device: 'device-a',
    now: clock.now,
  });
  let state = createPolicyState();
  const events: EventEnvelope[] = [];
  const point = createDecisionPoint({
    make,
    emit: async (batch) => {
      events.push(...batch);
      for (const event of batch) state = applyPolicyEvent(state, event);
    },
    clock,
    newId,
    state: () => state,
    engine,
    ask: async () => ({ answer: 'deny' }),
    by: 'device-a',
  });
  const lease = (capability: string, scope: string) => {
    const event = make('leases.created', {
      lease: {
        id: `lease-${seq}`,
        capability,
        scope,
        subject: '*',
        granted_by: 'device-a',
        created: new Date(NOW - 1000).toISOString(),
        ttl_until: new Date(NOW + 3_600_000).toISOString(),
      },
    });
    state = applyPolicyEvent(state, event);
  };
  return {
    engine,
    point,
    events,
    api,
    load,
    lease,
    state: () => state,
    setList: (next: readonly PolicySource[]) => (list = next),
  };
}

const fetchOf = (host: string, extra: Partial<PermissionRequest> = {}): PermissionRequest => ({
  capability: 'net:http',
  scope: `net://${host}`,
  subject: 'recipe:x',
  tool: 'http.fetch',
  projectId: 'p1',
  ...extra,
});

const decisions = (events: EventEnvelope[]) => events.filter((event) => event.kind === 'policy.decision');

describe('Cedar in the decision point', () => {
  it('a forbid overrides an active lease, and the decision names the policy', async () => {
    const t = setup();
    t.lease('net:http', 'net://evil.example');
    const denied = await t.point.authorize(fetchOf('evil.example'));
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toContain('no-evil');
    const [event] = decisions(t.events);
    expect(event!.payload).toMatchObject({ decision: 'deny', policy_ids: ['no-evil'] });
    // The lease itself still works where no policy forbids.
    t.lease('net:http', 'net://good.example');
    const allowed = await t.point.authorize(fetchOf('good.example'));
    expect(allowed.allowed).toBe(true);
    expect(decisions(t.events)[1]!.payload).toMatchObject({ decision: 'allow', policy_ids: ['shipped-baseline'] });
  });

  it('a forbid overrides allow mode', async () => {
    const t = setup();
    const denied = await t.point.authorize(fetchOf('evil.example', { mode: 'allow' }));
    expect(denied).toMatchObject({ allowed: false });
    expect(await t.point.authorize(fetchOf('fine.example', { mode: 'allow' }))).toMatchObject({ allowed: true });
  });

  it('an evaluation error denies with the reason', async () => {
    const broken = personal('broken', 'forbid(principal, action, resource) when { resource.nope == 1 };');
    const t = setup([...SHIPPED_POLICIES, broken]);
    const denied = await t.point.authorize(fetchOf('fine.example', { mode: 'allow' }));
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toMatch(/broken.*failed to evaluate.*nope/);
    expect(decisions(t.events)[0]!.payload).toMatchObject({ decision: 'deny', policy_ids: ['broken'] });
  });

  it('a policy that does not parse denies every call, naming it', async () => {
    const t = setup([...SHIPPED_POLICIES, personal('typo', 'forbid(principal, action resource);')]);
    const denied = await t.point.authorize(fetchOf('fine.example', { mode: 'allow' }));
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toMatch(/"Policy typo" \(typo\) does not parse/);
  });

  it('a Cedar that fails to load denies (fail closed) with the reason', async () => {
    const engine = createCedarPolicyEngine({
      cedar: async () => {
        throw new Error('the wasm could not be fetched');
      },
      policies: () => [...SHIPPED_POLICIES, FORBID_EVIL],
      tools: () => BUILTIN_MANIFESTS,
      device: 'device-a',
    });
    const verdict = await simulateDecision(fetchOf('fine.example', { mode: 'allow' }), {
      engine,
      state: createPolicyState(),
      now: NOW,
    });
    expect(verdict).toMatchObject({ decision: 'deny' });
    expect(verdict.reason).toContain('the wasm could not be fetched');
  });

  it('a change takes effect on the next decision, and the set is prepared once per change', async () => {
    const t = setup([...SHIPPED_POLICIES]);
    // Only the baseline: decided without loading Cedar at all.
    expect(await t.point.authorize(fetchOf('evil.example', { mode: 'allow' }))).toMatchObject({ allowed: true });
    expect(t.load).not.toHaveBeenCalled();
    t.setList([...SHIPPED_POLICIES, FORBID_EVIL]);
    for (let n = 0; n < 5; n += 1)
      expect(await t.point.authorize(fetchOf('evil.example', { mode: 'allow' }))).toMatchObject({ allowed: false });
    expect(t.api.preparsePolicySet).toHaveBeenCalledTimes(1);
    t.setList([...SHIPPED_POLICIES, { ...FORBID_EVIL, enabled: false }]);
    expect(await t.point.authorize(fetchOf('evil.example', { mode: 'allow' }))).toMatchObject({ allowed: true });
    t.setList([
      ...SHIPPED_POLICIES,
      FORBID_EVIL,
      personal('other', 'forbid(principal, action == Action::"gpu", resource);'),
    ]);
    await t.point.authorize(fetchOf('evil.example', { mode: 'allow' }));
    await t.point.authorize(fetchOf('evil.example', { mode: 'allow' }));
    expect(t.api.preparsePolicySet).toHaveBeenCalledTimes(2);
    expect(t.load).toHaveBeenCalledTimes(1);
  });

  it('the context carries the lease, the mode, the project and the device', async () => {
    const short = personal(
      'no-short-leases',
      'forbid(principal, action, resource) when { context.lease.present && context.lease.ttl_left_secs < 600 };',
    );
    const allowMode = personal(
      'no-allow-mode-off-device',
      'forbid(principal, action == Action::"gpu", resource) when { context.mode == "allow" && context.device != "device-b" && context.project == "p1" };',
    );
    const t = setup([...SHIPPED_POLICIES, short, allowMode]);
    t.lease('net:http', 'net://long.example'); // 1 h
    expect(await t.point.authorize(fetchOf('long.example'))).toMatchObject({ allowed: true });
    const soon = make('leases.created', {
      lease: {
        id: 'soon',
        capability: 'net:http',
        scope: 'net://soon.example',
        subject: '*',
        granted_by: 'device-a',
        created: new Date(NOW - 1000).toISOString(),
        ttl_until: new Date(NOW + 300_000).toISOString(),
      },
    });
    // Mode never is decided before the engine: denied with its own reason, no policy named.
    const never = await t.point.authorize({ ...fetchOf('soon.example'), mode: 'never' });
    expect(never).toMatchObject({ allowed: false, reason: expect.stringContaining('set to never') });
    const state = applyPolicyEvent(t.state(), soon);
    const verdict = await simulateDecision(fetchOf('soon.example'), { engine: t.engine, state, now: NOW });
    expect(verdict).toMatchObject({ decision: 'deny', policy_ids: ['no-short-leases'] });
    const gpu = { capability: 'gpu', subject: 'agent:chat', tool: 'bench.tool', projectId: 'p1' };
    expect(await simulateDecision({ ...gpu, mode: 'allow' }, { engine: t.engine, state, now: NOW })).toMatchObject({
      decision: 'deny',
      policy_ids: ['no-allow-mode-off-device'],
    });
    expect(
      await simulateDecision({ ...gpu, mode: 'allow', projectId: 'p2' }, { engine: t.engine, state, now: NOW }),
    ).toMatchObject({ decision: 'allow' });
  });

  it('with the baseline switched off and nothing else, Cedar denies by default, and says so', async () => {
    const off = SHIPPED_POLICIES.map((policy) => ({ ...policy, enabled: false }));
    const t = setup(off);
    const denied = await t.point.authorize(fetchOf('a.example', { mode: 'allow' }));
    expect(denied.allowed).toBe(false);
    expect(denied.reason).toMatch(/no enabled policy permits.*baseline/);
  });

  it('project policies apply only in their project', async () => {
    const text = 'forbid(principal, action == Action::"net:http", resource);';
    const project: PolicySource = { ...personal('p1-only', text), origin: 'project', project_id: 'p1' };
    const t = setup([...SHIPPED_POLICIES, project]);
    expect(await t.point.authorize(fetchOf('a.example', { mode: 'allow' }))).toMatchObject({ allowed: false });
    expect(await t.point.authorize(fetchOf('a.example', { mode: 'allow', projectId: 'p2' }))).toMatchObject({
      allowed: true,
    });
  });

  it('the shipped examples work once enabled (recipe x outside example.org; weekends)', async () => {
    const on = SHIPPED_POLICIES.map((policy) => ({ ...policy, enabled: true }));
    const t = setup(on);
    expect(await t.point.authorize(fetchOf('api.example.org', { mode: 'allow' }))).toMatchObject({ allowed: true });
    expect(await t.point.authorize(fetchOf('other.net', { mode: 'allow' }))).toMatchObject({ allowed: false });
    expect(await t.point.authorize(fetchOf('other.net', { mode: 'allow', subject: 'recipe:y' }))).toMatchObject({
      allowed: true,
    });
    const write: PermissionRequest = {
      capability: 'fs:write',
      scope: 'path://a.md',
      subject: 'recipe:y',
      tool: 'files.write',
      mode: 'allow',
    };
    const saturday = Date.UTC(2026, 11, 5, 12, 0, 0);
    const weekday = await simulateDecision(write, { engine: t.engine, state: t.state(), now: NOW });
    const weekend = await simulateDecision(write, { engine: t.engine, state: t.state(), now: saturday });
    expect(weekday.decision).toBe('allow');
    expect(weekend).toMatchObject({ decision: 'deny', policy_ids: ['example-no-fs-write-weekends'] });
  });

  it('a recipe plugin tool is a Tool entity with its manifest; the recipe version is principal.version', async () => {
    const recipe = {
      id: 'web',
      version: '1.2.0',
      tools: [
        { id: 'http.fetch' },
        {
          id: 'demo.get',
          version: '0.1.0',
          plugin: { permissions: [{ capability: 'net:http', scope: 'net://*', reason: 'fetches' }] },
        },
      ],
    };
    const tools = [...BUILTIN_MANIFESTS, ...recipeToolManifests([recipe])];
    expect(tools.find((tool) => tool.id === 'demo.get')).toEqual({
      id: 'demo.get',
      version: '0.1.0',
      permissions: [{ capability: 'net:http', scope: 'net://*', reason: 'fetches' }],
    });
    const text = `forbid(principal, action, resource) when {
  context.tool.name == "demo.get" && context.tool.capabilities.contains("net:http") && principal.version == "1.2.0"
};`;
    const engine = createCedarPolicyEngine({
      cedar: async () => cedar,
      policies: () => [...SHIPPED_POLICIES, personal('no-old-plugin', text)],
      tools: () => tools,
      device: 'device-a',
      version: (subject) => (subject === 'recipe:web' ? recipe.version : undefined),
    });
    const request = { ...fetchOf('a.example', { mode: 'allow' as const }), subject: 'recipe:web', tool: 'demo.get' };
    const context = { engine, state: createPolicyState(), now: NOW };
    expect(await simulateDecision(request, context)).toMatchObject({ decision: 'deny', policy_ids: ['no-old-plugin'] });
    expect(await simulateDecision({ ...request, tool: 'http.fetch' }, context)).toMatchObject({ decision: 'allow' });
    expect(await simulateDecision({ ...request, subjectVersion: '2.0.0' }, context)).toMatchObject({
      decision: 'allow',
    });
  });

  it('simulate answers what authorize decides, for a table of requests', async () => {
    const t = setup([
      ...SHIPPED_POLICIES,
      FORBID_EVIL,
      personal('no-gpu-for-x', 'forbid(principal == Agent::"recipe:x", action == Action::"gpu", resource);'),
    ]);
    t.lease('net:http', 'net://leased.example');
    t.lease('net:http', 'net://evil.example');
    const table: PermissionRequest[] = [
      fetchOf('leased.example'),
      fetchOf('evil.example'),
      fetchOf('evil.example', { mode: 'allow' }),
      fetchOf('fine.example', { mode: 'allow' }),
      fetchOf('fine.example', { mode: 'never' }),
      { capability: 'gpu', subject: 'recipe:x', tool: 'bench.tool', mode: 'allow' },
      { capability: 'gpu', subject: 'recipe:y', tool: 'bench.tool', mode: 'allow' },
    ];
    for (const request of table) {
      const simulated = await simulateDecision(request, { engine: t.engine, state: t.state(), now: NOW });
      expect(simulated.decision).not.toBe('ask');
      const before = t.events.length;
      const real = await t.point.authorize(request);
      expect(real.allowed, JSON.stringify(request)).toBe(simulated.decision === 'allow');
      expect(real.reason).toBe(simulated.reason);
      const event = decisions(t.events.slice(before))[0]!;
      expect(event.payload.policy_ids ?? []).toEqual(simulated.policy_ids);
    }
    // Nothing covers this one: simulate says ask (and prompts nobody).
    expect(
      (await simulateDecision(fetchOf('new.example'), { engine: t.engine, state: t.state(), now: NOW })).decision,
    ).toBe('ask');
  });

  it('the fold: last write by (time, id) wins, removals are gone, shipped ids are replaced', () => {
    const at = (iso: string, id: string, event: EventEnvelope) => ({ ...event, time: iso, id });
    const saved = (id: string, text: string, enabled = true) =>
      make('policies.saved', { policy_id: id, name: id, text, enabled, origin: 'personal' });
    const list = foldPolicies([
      at(
        '2026-12-01T10:00:00.002Z',
        '01J0000000000000000000000C',
        saved('a', 'forbid(principal, action, resource);', false),
      ),
      at('2026-12-01T10:00:00.001Z', '01J0000000000000000000000B', saved('a', 'permit(principal, action, resource);')),
      at(
        '2026-12-01T10:00:00.000Z',
        '01J0000000000000000000000A',
        saved('gone', 'permit(principal, action, resource);'),
      ),
      at('2026-12-01T10:00:00.005Z', '01J0000000000000000000000D', make('policies.removed', { policy_id: 'gone' })),
      at('2026-12-01T10:00:00.006Z', '01J0000000000000000000000E', saved('shipped-baseline', BASELINE, false)),
    ]);
    expect(list.map((policy) => policy.id)).toEqual([
      'shipped-baseline',
      'example-net-only-example-org',
      'example-no-fs-write-weekends',
      'a',
    ]);
    expect(list[0]).toMatchObject({ enabled: false, origin: 'personal' });
    expect(list[3]).toMatchObject({ enabled: false, hash: policyHash('forbid(principal, action, resource);') });
  });
});

const BASELINE = 'permit(principal, action, resource);';
