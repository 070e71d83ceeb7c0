/**
 * The policies store over the in-memory journal, validated by the real Cedar (nodejs
 * build) against the generated schema: save, edit, on/off and delete are events; the
 * newest write of an id wins whatever the arrival order; shipped policies can be turned
 * off but not edited or deleted; an invalid text is refused with its lines and nothing is written.
 */
import * as cedarNode from '@cedar-policy/cedar-wasm/nodejs';
import { createRoot, createSignal } from 'solid-js';
import { afterEach, expect, test } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import type { StoredEvent } from '../../core/journal/types';
import type { EventEnvelope } from '../../spec';
import type { CedarApi } from '../../core/policy/cedar/cedar-api';
import { BASELINE_POLICY_ID, SHIPPED_POLICIES } from '../../core/policy/cedar/policy-set';
import { cedarSchemaFor } from '../../core/policy/cedar/schema';
import { validatePolicyText } from '../../core/policy/cedar/validate';
import { BUILTIN_MANIFESTS } from '../../core/tools/manifests';
import { createMemoryJournal } from '../state/testing/memory-journal';
import type { Timers } from '../state/undo-window';
import { POLICY_EXAMPLES, exampleText } from './policy-examples';
import { createPolicyStore } from './policy-store';

const cedar = cedarNode as unknown as CedarApi;
const schema = cedarSchemaFor(BUILTIN_MANIFESTS);
const validate = async (text: string) => validatePolicyText(cedar, schema, text);

const FORBID_WRITES = 'forbid(principal, action == Action::"fs:write", resource);';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((run) => run()));

let ms = Date.parse('2026-12-01T10:00:00.000Z');
let n = 0;
const clock = { now: () => (ms += 5) };
const newId = () => `01J${String(++n).padStart(23, '0')}`;

/** Timers moved by hand: `run()` fires every pending one (the Undo window ends). */
function manualTimers(): Timers & { run(): void } {
  const due = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (fn) => (due.set(++next, fn), next),
    clearTimeout: (handle) => void due.delete(handle as number),
    run: () => [...due.entries()].forEach(([id, fn]) => (due.delete(id), fn())),
  };
}

async function setup(initial: readonly EventEnvelope[] = []) {
  const journal = createMemoryJournal(initial);
  const make = createEventFactory({ actor: 'device:a', clock, newId });
  const [recent, setRecent] = createSignal<readonly StoredEvent[]>([]);
  const timers = manualTimers();
  const errors: unknown[] = [];
  const store = createRoot((dispose) => {
    cleanups.push(dispose);
    return createPolicyStore({ journal, recentEvents: recent, make, validate, timers, onError: (e) => errors.push(e) });
  });
  await store.ready;
  const kinds = () => journal.events.map((event) => event.kind);
  return { journal, make, store, timers, errors, kinds, setRecent };
}

test('a new store lists the shipped policies: the baseline on, the examples off', async () => {
  const { store } = await setup();
  expect(store.list().map((p) => [p.id, p.origin, p.enabled])).toEqual(
    SHIPPED_POLICIES.map((p) => [p.id, 'shipped', p.enabled]),
  );
  expect(store.get(BASELINE_POLICY_ID)?.enabled).toBe(true);
});

test('save writes policies.saved; a save of the same id edits it; the list is a new array each time', async () => {
  const { store, journal, kinds } = await setup();
  const before = store.list();
  const saved = await store.save({ name: 'No writes', text: FORBID_WRITES, enabled: true });
  expect(saved).toMatchObject({ ok: true, value: { id: 'no-writes', origin: 'personal', enabled: true } });
  expect(store.list()).not.toBe(before);
  expect(journal.events.at(-1)).toMatchObject({
    kind: 'policies.saved',
    payload: { policy_id: 'no-writes', name: 'No writes', text: FORBID_WRITES, enabled: true, origin: 'personal' },
  });
  expect(journal.events.at(-1)?.project_id).toBeUndefined();

  const edited = 'forbid(principal, action == Action::"fs:read", resource);';
  const again = await store.save({ id: 'no-writes', name: 'No reads', text: edited, enabled: true, project_id: 'p1' });
  expect(again.ok).toBe(true);
  expect(store.get('no-writes')).toMatchObject({ name: 'No reads', text: edited, origin: 'project', project_id: 'p1' });
  expect(journal.events.at(-1)?.project_id).toBe('p1');
  expect(kinds()).toEqual(['policies.saved', 'policies.saved']);
  // A second new policy with the same name gets its own id.
  const twin = await store.save({ name: 'No writes', text: FORBID_WRITES, enabled: true });
  expect(twin.ok && twin.value.id).toBe('no-writes-2');
});

test('an invalid text is refused with each error’s line and message, and nothing is written', async () => {
  const { store, journal } = await setup();
  const text = 'forbid(\n  principal,\n  action == Action::"net:htp",\n  resource\n);';
  const refused = await store.save({ name: 'Broken', text, enabled: true });
  expect(refused.ok).toBe(false);
  if (refused.ok) return;
  expect(refused.error.message).toMatch(/error.*nothing was saved/);
  expect(refused.error.errors.length).toBeGreaterThan(0);
  expect(refused.error.errors[0]).toMatchObject({ line: 3 });
  expect(refused.error.errors[0]!.message).toMatch(/net:htp/);
  const parse = await store.save({
    name: 'Broken',
    text: 'forbid(principal, action, resource)\nwhen { ',
    enabled: true,
  });
  expect(!parse.ok && parse.error.errors.length).toBeGreaterThan(0);
  expect((await store.save({ name: ' ', text: FORBID_WRITES, enabled: true })).ok).toBe(false);
  expect(journal.events).toEqual([]);
});

test('on/off is a save with enabled flipped; a shipped policy turns off but cannot be edited or deleted', async () => {
  const { store, journal } = await setup();
  await store.save({ name: 'No writes', text: FORBID_WRITES, enabled: true });
  expect(await store.setEnabled('no-writes', false)).toEqual({ ok: true, value: undefined });
  expect(store.get('no-writes')?.enabled).toBe(false);
  expect(journal.events.at(-1)?.payload).toMatchObject({ policy_id: 'no-writes', enabled: false, text: FORBID_WRITES });

  expect((await store.setEnabled(BASELINE_POLICY_ID, false)).ok).toBe(true);
  const baseline = store.get(BASELINE_POLICY_ID)!;
  expect(baseline).toMatchObject({ origin: 'shipped', enabled: false, text: SHIPPED_POLICIES[0]!.text });
  expect(journal.events.at(-1)?.payload).toMatchObject({ policy_id: BASELINE_POLICY_ID, origin: 'personal' });
  expect(store.remove(BASELINE_POLICY_ID)).toMatchObject({ ok: false, error: /cannot be deleted/ });
  const edit = await store.save({ id: BASELINE_POLICY_ID, name: 'x', text: FORBID_WRITES, enabled: true });
  expect(!edit.ok && edit.error.message).toMatch(/cannot be edited/);
  expect(store.list().filter((p) => p.id === BASELINE_POLICY_ID)).toHaveLength(1);
});

test('delete waits out the Undo window: Undo writes nothing; after the window policies.removed takes it away', async () => {
  const { store, timers, kinds } = await setup();
  await store.save({ name: 'No writes', text: FORBID_WRITES, enabled: true });
  expect(store.remove('no-writes').ok).toBe(true);
  expect(store.pending().map((p) => p.id)).toEqual(['no-writes']);
  // Still enforced while it can be undone.
  expect(store.get('no-writes')).toBeDefined();
  expect(store.undo('no-writes')).toBe(true);
  timers.run();
  expect(kinds()).toEqual(['policies.saved']);

  store.remove('no-writes');
  timers.run();
  await expect.poll(() => kinds()).toEqual(['policies.saved', 'policies.removed']);
  expect(store.get('no-writes')).toBeUndefined();
  expect(store.pending()).toEqual([]);
});

test('the newest write by time wins, whatever order the events arrive in (another device’s, through the stream)', async () => {
  const { store, make, setRecent } = await setup();
  const at = (iso: string, event: ReturnType<typeof make>) => ({ ...event, time: iso, seq: 0 }) as StoredEvent;
  const saved = (name: string, enabled: boolean) =>
    make(
      'policies.saved',
      { policy_id: 'remote', name, text: FORBID_WRITES, enabled, origin: 'project' },
      { project_id: 'p1' },
    );
  const newer = at('2026-12-01T12:00:00.000Z', saved('Newer', true));
  const older = at('2026-12-01T11:00:00.000Z', saved('Older', false));
  setRecent([newer]);
  setRecent([older]);
  expect(store.get('remote')).toMatchObject({ name: 'Newer', enabled: true, origin: 'project', project_id: 'p1' });
  const removed = at(
    '2026-12-01T13:00:00.000Z',
    make('policies.removed', { policy_id: 'remote' }, { project_id: 'p1' }),
  );
  setRecent([removed, older]);
  expect(store.get('remote')).toBeUndefined();
});

test('the history in the journal is read at start', async () => {
  const first = await setup();
  await first.store.save({ name: 'No writes', text: FORBID_WRITES, enabled: true });
  await first.store.setEnabled('no-writes', false);
  const second = await setup(first.journal.events.map(({ seq: _seq, ...event }) => event));
  expect(second.store.get('no-writes')).toMatchObject({ enabled: false, origin: 'personal' });
});

test('every example validates strictly once its project is filled in', async () => {
  expect(POLICY_EXAMPLES.length).toBeGreaterThanOrEqual(3);
  for (const example of POLICY_EXAMPLES)
    expect(await validate(exampleText(example, 'p1')), example.id).toEqual({ ok: true });
});
