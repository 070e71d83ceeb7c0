/**
 * The server's lease view over a real store: kept from appends and rebuilt at start to the
 * same answer, per project and for all, with the time left counted from the view's `now`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createEventFactory } from '../../core/journal/event-factory';
import { createUlidFactory } from '../../core/lib/ulid';
import { openServerDb, type ServerDb } from '../storage/db';
import { createEventStore } from '../storage/event-store';
import { createServerLeases } from './lease-state';

const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const dbs: ServerDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
});

function setup() {
  const db = openServerDb(':memory:');
  dbs.push(db);
  const store = createEventStore(db, { now: () => START });
  const clock = { now: () => START };
  const make = createEventFactory({
    actor: 'dev',
    clock,
    newId: createUlidFactory(clock.now, (n) => new Uint8Array(n).fill(7)),
  });
  const lease = (id: string, project: string | undefined, secs: number) =>
    make(
      'leases.created',
      {
        lease: {
          id,
          capability: 'fs:read',
          scope: 'path://notes/*',
          subject: '*',
          granted_by: 'dev',
          created: new Date(START).toISOString(),
          ttl_until: new Date(START + secs * 1000).toISOString(),
        },
      },
      project === undefined ? {} : { project_id: project },
    );
  return { store, make, lease };
}

describe('server lease view', () => {
  it('follows appends and gives the same view when rebuilt from the store', () => {
    const { store, make, lease } = setup();
    const live = createServerLeases(store);
    expect(live.view('p1', START)).toEqual({ version: 0, items: [] });
    store.append([lease('a', 'p1', 60), lease('b', 'p1', 120), lease('c', 'p2', 60), lease('g', undefined, 60)], {
      origin: 'test',
    });
    store.append([make('leases.revoked', { lease_id: 'b' }, { project_id: 'p1' })], { origin: 'test' });

    const view = live.view('p1', START + 10_000);
    expect(view.items).toEqual([
      {
        id: 'a',
        capability: 'fs:read',
        scope: 'path://notes/*',
        subject: '*',
        granted_by: 'dev',
        created: new Date(START).toISOString(),
        ttl_until: new Date(START + 60_000).toISOString(),
        time_left_ms: 50_000,
      },
    ]);
    expect(live.view(undefined, START).items.map((item) => item.id)).toEqual(['a', 'c', 'g']);
    expect(live.view('p2', START + 60_000).items).toEqual([]);

    const rebuilt = createServerLeases(store);
    for (const project of ['p1', 'p2', undefined])
      expect(rebuilt.view(project, START)).toEqual(live.view(project, START));
    live.close();
    rebuilt.close();
  });
  it('ignores other kinds and stops following once closed', () => {
    const { store, make, lease } = setup();
    const leases = createServerLeases(store);
    store.append([make('obs.recorded', { source: 'user', text: 'hi' }, { project_id: 'p1' })], { origin: 'test' });
    expect(leases.view(undefined, START).version).toBe(0);
    leases.close();
    store.append([lease('late', 'p1', 60)], { origin: 'test' });
    expect(leases.view('p1', START).items).toEqual([]);
  });
});
