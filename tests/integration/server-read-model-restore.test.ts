/**
 * Restoring full-cap snapshots does not hold the event loop (issue 13 item 6): with 2000
 * episodes of one project kept, a restarted server parses and checks its two snapshots
 * (about 2.5 MB of JSON each) line by line over many turns, and the first `/state/episodes`
 * after it, and those after live appends, summarise only in steps. Measured as the main
 * thread's CPU between two ticks of a 5 ms timer (/proc schedstat, else process.cpuUsage),
 * which waiting for a core on a loaded machine does not inflate. The target is 50 ms
 * of stall; the bound here is tighter so that one unsliced restore (50 ms and more) fails it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { buildServer } from '../../sync-server/app';
import { sha256Hex } from '../../sync-server/auth/secrets';
import { openServerDb } from '../../sync-server/storage/db';
import { createEventStore } from '../../sync-server/storage/event-store';
import { eventMaker } from './server-support';

const ADMIN = 'read-model-restore-admin-token-0123456789';
const EPISODES = 2500;
const dir = mkdtempSync(join(tmpdir(), 'arw-rm-restore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let t = Date.now() - 100_000;
const make = eventMaker('seed', () => t);
const text = (n: number) => `question ${n}: ${'about the weather and the meeting notes later today '.repeat(4)}`;
/** Event `n` of a busy journal: five to an episode (started, obs, intent, action, completed), over EPISODES ids. */
function eventAt(n: number) {
  t += 1;
  const context = { corr_id: `ep-${Math.floor(n / 5) % EPISODES}`, project_id: 'p1' };
  switch (n % 5) {
    case 0:
      return make(
        'episode.started',
        { agent: 'agent:chat', input: text(n), model: 'probe', conversation_id: `c-${n % 40}` },
        context,
      );
    case 1:
      return make('obs.recorded', { source: 'user', text: text(n) }, context);
    case 2:
      return make('intents.proposed', { intent: 'use-tool', rationale: text(n), params: { tool: 'search' } }, context);
    case 3:
      return make('actions.taken', { action: 'reply', ok: true, output: { text: text(n) } }, context);
    default:
      return make('episode.completed', { duration_ms: 9000, tokens_out: 32, ttft_ms: 180, tokens_per_s: 40 }, context);
  }
}
const events = (from: number, count: number) => Array.from({ length: count }, (_, i) => eventAt(from + i));
const PER_ROUND = 5 * EPISODES;

/** The main thread's CPU time in ms (ns precision from schedstat where the kernel has it). */
function mainThreadCpuMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1000;
  }
}

function build(db: ReturnType<typeof openServerDb>) {
  return buildServer({
    staticDir: '/nonexistent-static',
    dataDir: dir,
    version: 'it',
    db,
    presetAdminDigests: [sha256Hex(ADMIN)],
  });
}

const auth = { headers: { authorization: `Bearer ${ADMIN}` } };

test('a restart from full-cap snapshots and the views after it hold no turn for 35 ms of CPU', async () => {
  const path = join(dir, 'hub.sqlite');
  const seedDb = openServerDb(path);
  const store = createEventStore(seedDb);
  for (let i = 0; i < 3 * PER_ROUND; i += 2500) store.append(events(i, 2500), { origin: 'seed' });
  seedDb.close();

  // First run: fold everything, make the project's set, and leave both snapshots at close.
  const firstDb = openServerDb(path);
  const first = build(firstDb);
  await first.journal.readModels.ready();
  expect((await first.app.request('/state/episodes?project=p1', auth)).status).toBe(200);
  first.close();
  firstDb.close();

  const db = openServerDb(path);
  // From the moment it is built (it listens then): what the test itself does in between
  // (appending 2500 events in one call) is left out.
  const server = build(db);
  let maxCpuMs = 0;
  let last = mainThreadCpuMs();
  const ticker = setInterval(() => {
    const now = mainThreadCpuMs();
    maxCpuMs = Math.max(maxCpuMs, now - last);
    last = now;
  }, 5);
  try {
    await server.journal.readModels.ready();
    const view = async (limit: number) => {
      const response = await server.app.request(`/state/episodes?project=p1&limit=${limit}`, auth);
      expect(response.status).toBe(200);
      return (await response.json()) as { version: number; items: { id: string }[] };
    };
    const restored = await view(1000);
    expect(restored.items).toHaveLength(1000);
    const stats = server.journal.readModels.stats();
    expect(stats.global.restoredAt).toBe(3 * PER_ROUND);
    expect(stats.projects['p1']?.restoredAt).toBe(3 * PER_ROUND);
    // Live appends touching 1000 kept episodes, a view after each.
    let version = restored.version;
    for (let round = 0; round < 3; round++) {
      const live = restored.items.map((item) => {
        t += 1;
        return make('obs.recorded', { source: 'user', text: text(round) }, { corr_id: item.id, project_id: 'p1' });
      });
      server.journal.events.append(live, { origin: 'live' });
      last = mainThreadCpuMs();
      const after = await view(100);
      expect(after.version).toBeGreaterThan(version);
      version = after.version;
    }
    clearInterval(ticker);
    expect(maxCpuMs).toBeGreaterThan(0);
    // About 20 ms here (the shared 15 ms budget per turn, the step that ends it, a GC);
    // with each restore and view done in one piece it was over 50.
    expect(maxCpuMs).toBeLessThan(35);
  } finally {
    clearInterval(ticker);
    server.close();
    db.close();
  }
}, 180_000);
