/**
 * Bench (issue 11): the cost of one decision (decide: the never-list, the mode, then
 * findLease over the capability index) with 1,000 live leases over mixed capabilities,
 * scopes, subjects and projects. Requests mix hits early and late in a capability's list
 * and misses that scan it all. Prints p50/p99 in ms (target p99 < 0.2 ms).
 * Then the same requests through `judge` (the decision point's pure pass) without an
 * engine and with the Cedar engine (nodejs build) over 100 prepared policies, p99 of each
 * and their ratio (issue 14).
 * Run: npx tsx scripts/bench-policy.ts [--leases 1000] [--decisions 20000] [--policies 100]
 */
import { performance } from 'node:perf_hooks';
import { createEventFactory } from '../core/journal/event-factory';
import { createUlidFactory } from '../core/lib/ulid';
import { applyPolicyEvent, createPolicyState, decide, judge, liveLeases, type PermissionRequest } from '../core/policy';
import type { CedarApi } from '../core/policy/cedar/cedar-api';
import { createCedarPolicyEngine } from '../core/policy/cedar/engine';
import { policyHash, SHIPPED_POLICIES, type PolicySource } from '../core/policy/cedar/policy-set';
import { BUILTIN_MANIFESTS } from '../core/tools/manifests';

const arg = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const LEASES = arg('leases', 1000);
const DECISIONS = Math.max(20_000, arg('decisions', 20_000));
const TARGET_MS = 0.2;
const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);

/** Deterministic choices, so runs compare. */
let seed = 11;
const randomIndex = (n: number): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return (seed >>> 8) % n;
};
const OTHER = ['mic', 'gpu', 'sandbox:wasi', 'models:download'] as const;

/** A capability and a scope in the shape its tools ask for, numbered so grants differ. */
function grantOf(i: number): { capability: string; scope?: string } {
  switch (i % 8) {
    case 0:
      return { capability: 'net:http', scope: `net://host${i}.example.com` };
    case 1:
      return { capability: 'net:http', scope: `net://*.site${i}.org` };
    case 2:
      return { capability: 'net:http', scope: `net://api${i}.example.net:8443` };
    case 3:
      return { capability: 'fs:read', scope: `path://folder${i}/*` };
    case 4:
      return { capability: 'fs:write', scope: `path://folder${i}/**/*.md` };
    case 5:
      return { capability: 'project:write', scope: 'project://write' };
    case 6:
      return { capability: 'project:read', scope: 'project://read' };
    default:
      return { capability: OTHER[(i >> 3) % OTHER.length]! };
  }
}

const clock = { now: () => NOW };
const make = createEventFactory({
  actor: 'bench',
  clock,
  newId: createUlidFactory(clock.now, () => new Uint8Array(10)),
});
const state = createPolicyState();
let ids = 0;
for (let i = 0; i < LEASES; i += 1) {
  const lease = {
    id: `lease-${i}`,
    ...grantOf(i),
    subject: i % 5 === 0 ? '*' : `recipe:r${i % 40}`,
    granted_by: 'bench',
    created: new Date(NOW - 60_000).toISOString(),
    ttl_until: new Date(NOW + 3_600_000 + i).toISOString(),
  };
  const event = make('leases.created', { lease }, { project_id: `p${i % 3}` });
  applyPolicyEvent(state, { ...event, id: `E${String(ids++).padStart(25, '0')}` });
}
for (const scope of ['net://*.blocked.example', 'path://secrets/**']) {
  const capability = scope.startsWith('net') ? 'net:http' : 'fs:read';
  const event = make('policy.never.added', { capability, scope, by: 'bench' }, { project_id: 'p0' });
  applyPolicyEvent(state, { ...event, id: `E${String(ids++).padStart(25, '0')}` });
}
const live = liveLeases(state, NOW).length;
if (live !== LEASES) throw new Error(`expected ${LEASES} live leases, have ${live}`);

/** A request that a given lease covers (a hit), or one nothing covers (a full scan of its capability). */
function requestFor(i: number, hit: boolean): PermissionRequest {
  const { capability, scope } = grantOf(i);
  const concrete =
    scope === undefined
      ? undefined
      : scope.replace('net://*.', 'net://www.').replace('/**/*.md', '/a/b/note.md').replace(/\/\*$/, '/file.txt');
  return {
    capability,
    ...(concrete === undefined ? {} : { scope: hit ? concrete : concrete.replace(/\d+/, 'nowhere') }),
    subject: i % 5 === 0 ? 'agent:chat' : `recipe:r${i % 40}`,
    tool: 'bench.tool',
    projectId: `p${i % 3}`,
  };
}
const blocked: PermissionRequest = {
  capability: 'net:http',
  scope: 'net://cdn.blocked.example',
  subject: 'recipe:r1',
  tool: 'bench.tool',
  projectId: 'p0',
};
// Three in four hit a lease, one in four misses (scanning its capability's whole list), one in 32 is on the never-list.
const requests = Array.from({ length: 512 }, (_, n) =>
  n % 32 === 31 ? blocked : requestFor(randomIndex(LEASES), n % 4 !== 0),
);

const outcomes = { allow: 0, deny: 0, ask: 0 };
const timings = new Float64Array(DECISIONS);
for (let n = 0; n < 2000; n += 1) decide(requests[n % requests.length]!, { state, now: NOW });
for (let n = 0; n < DECISIONS; n += 1) {
  const request = requests[n % requests.length]!;
  const start = performance.now();
  const verdict = decide(request, { state, now: NOW });
  timings[n] = performance.now() - start;
  outcomes[verdict.decision] += 1;
}
timings.sort();
const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]!;
const p50 = at(0.5);
const p99 = at(0.99);

console.log(
  `policy decision bench: ${LEASES.toLocaleString('en-US')} live leases over ${state.byCapability.size} capabilities, ${DECISIONS.toLocaleString('en-US')} decisions`,
);
console.log(
  `  outcomes: ${outcomes.allow.toLocaleString('en-US')} allowed by a lease, ${outcomes.ask.toLocaleString('en-US')} would ask, ${outcomes.deny.toLocaleString('en-US')} denied`,
);
console.log(`  p50 ${p50.toFixed(4)} ms, p99 ${p99.toFixed(4)} ms, max ${timings[timings.length - 1]!.toFixed(4)} ms`);
console.log(
  `one decision (decide + findLease) p99: ${p99.toFixed(4)} ms  target p99 < ${TARGET_MS} ms: ${p99 < TARGET_MS ? 'met' : 'NOT met'}`,
);

// Cedar (issue 14): the same requests through judge, without an engine and with Cedar over POLICIES prepared policies.
const POLICIES = arg('policies', 100);
const CEDAR_DECISIONS = Math.min(DECISIONS, 10_000);
const cedarModule = (await import('@cedar-policy/cedar-wasm/nodejs')) as unknown as CedarApi & { default?: CedarApi };
const cedar: CedarApi = 'isAuthorized' in cedarModule ? cedarModule : cedarModule.default!;
/** Forbids in the shapes people write: by recipe and host, by capability and path, by time, by lease age. */
function policyText(i: number): string {
  switch (i % 4) {
    case 0:
      return `forbid(principal == Agent::"recipe:r${i % 40}", action == Action::"net:http", resource) when { resource.host == "blocked${i}.example" };`;
    case 1:
      return `forbid(principal, action == Action::"fs:write", resource) when { resource.path like "secret${i}/*" };`;
    case 2:
      return `forbid(principal, action, resource) when { context.project == "nowhere${i}" && context.time.hour < 6 };`;
    default:
      return `forbid(principal is Agent, action == Action::"net:http", resource) when { context.lease.present && context.lease.ttl_left_secs < ${i} && resource.port == ${1000 + i} };`;
  }
}
const policies: PolicySource[] = [
  ...SHIPPED_POLICIES,
  ...Array.from({ length: POLICIES - 1 }, (_, i) => {
    const text = policyText(i);
    return {
      id: `bench-${i}`,
      name: `bench ${i}`,
      text,
      enabled: true,
      origin: 'personal' as const,
      hash: policyHash(text),
    };
  }),
];
const engine = createCedarPolicyEngine({
  cedar: async () => cedar,
  policies: () => policies,
  tools: () => BUILTIN_MANIFESTS,
  device: 'bench',
  now: () => NOW,
});
await engine.ready('p0');
for (const projectId of ['p1', 'p2']) await engine.ready(projectId);

async function timeJudge(withEngine: boolean): Promise<{ p50: number; p99: number; denied: number }> {
  const context = { state, now: NOW, ...(withEngine ? { engine } : {}) };
  for (let n = 0; n < 1000; n += 1) await judge(requests[n % requests.length]!, context);
  const times = new Float64Array(CEDAR_DECISIONS);
  let denied = 0;
  for (let n = 0; n < CEDAR_DECISIONS; n += 1) {
    const start = performance.now();
    const verdict = await judge(requests[n % requests.length]!, context);
    times[n] = performance.now() - start;
    if (verdict.decision === 'deny') denied += 1;
  }
  times.sort();
  const q = (x: number) => times[Math.min(times.length - 1, Math.floor(x * times.length))]!;
  return { p50: q(0.5), p99: q(0.99), denied };
}
const without = await timeJudge(false);
const withCedar = await timeJudge(true);
console.log(
  `cedar decision bench: ${policies.filter((p) => p.enabled).length} enabled policies (prepared), ${LEASES.toLocaleString('en-US')} live leases, ${CEDAR_DECISIONS.toLocaleString('en-US')} decisions each`,
);
console.log(
  `  without Cedar: p50 ${without.p50.toFixed(4)} ms, p99 ${without.p99.toFixed(4)} ms (${without.denied} denied)`,
);
console.log(
  `  with Cedar:    p50 ${withCedar.p50.toFixed(4)} ms, p99 ${withCedar.p99.toFixed(4)} ms (${withCedar.denied} denied)`,
);
console.log(
  `cedar decision (judge + Cedar, ${POLICIES} policies, ${LEASES.toLocaleString('en-US')} leases) p99: ${withCedar.p99.toFixed(4)} ms vs ${without.p99.toFixed(4)} ms without Cedar: ratio ${(withCedar.p99 / without.p99).toFixed(1)}x`,
);
