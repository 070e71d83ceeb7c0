/**
 * Issue 13 item 5: read-model memory does not grow with the journal. The heap the five
 * states keep after 200k events is within 1.5× of what they keep after 20k (the caps
 * are full at both), measured after a forced GC.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect, test } from 'vitest';
import type { EventEnvelope } from '../../spec';
import { applyToReadModels, createReadModels, initReadModelStates, type ReadModelStates } from './index';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const START = Date.parse('2026-03-01T10:00:00.000Z');
const KINDS = ['episode.started', 'obs.recorded', 'intents.proposed', 'actions.taken', 'tokens.out', 'tool.error'];

/** Event `i` of a synthetic journal: five events per episode, every stage kind, fresh objects. */
function eventAt(i: number): EventEnvelope {
  const kind = KINDS[i % KINDS.length]!;
  return {
    id: `${String(START + i).padStart(14, '0')}-${String(i).padStart(8, '0')}`,
    time: new Date(START + i * 10).toISOString(),
    kind,
    v: 1,
    actor: `device-${i % 3}`,
    corr_id: `corr-${Math.floor(i / 5)}`,
    project_id: `p${i % 4}`,
    payload: { seq: i, count: 1, text: `token ${i}`, message: `failure ${i}`, source: 'tool' },
  };
}

/** Heap kept by states folded from `count` events (the events themselves are garbage by then). */
function retainedBy(count: number): { bytes: number; states: ReadModelStates } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const models = createReadModels();
  const states = initReadModelStates(models);
  for (let i = 0; i < count; i++) applyToReadModels(models, states, eventAt(i));
  gc();
  return { bytes: process.memoryUsage().heapUsed - before, states };
}

test('the five read-models keep about the same heap at 200k events as at 20k', () => {
  const small = retainedBy(20_000);
  const smallBytes = small.bytes;
  const large = retainedBy(200_000);
  // Keep both alive until measured.
  expect(small.states.episodes.episodes.size).toBe(2000);
  expect(large.states.episodes.episodes.size).toBe(2000);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`read-models heap: ${mb(smallBytes)} MB at 20k events, ${mb(large.bytes)} MB at 200k`);
  expect(large.bytes).toBeLessThan(1.5 * Math.max(smallBytes, 1024 * 1024));
  expect(large.bytes).toBeLessThan(40 * 1024 * 1024);
}, 120_000);
