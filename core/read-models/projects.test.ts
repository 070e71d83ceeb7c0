/** The projects fold: created, renamed, archived per project_id, joined with the pairings that share them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { createEventFactory } from '../journal';
import { createUlidFactory } from '../lib/ulid';
import { createProjectsModel, listProjects } from './projects';
import { rebuild } from './types';

const START = Date.parse('2026-03-01T10:00:00.000Z');

function setup() {
  let now = START;
  const clock = { now: () => now };
  let counter = 0;
  const newId = createUlidFactory(clock.now, (n) => Uint8Array.from({ length: n }, () => counter++ % 251));
  const make = createEventFactory({ actor: 'device:a', clock, newId });
  const tick = () => (now += 1000);
  return {
    created: (id: string, name: string) => (tick(), make('projects.created', { name }, { project_id: id })),
    renamed: (id: string, name: string) => (tick(), make('projects.renamed', { name }, { project_id: id })),
    archived: (id: string, archived: boolean) => (tick(), make('projects.archived', { archived }, { project_id: id })),
    other: (id: string) => (tick(), make('obs.recorded', { source: 't', text: 'x' }, { project_id: id })),
  };
}

const fold = (events: EventEnvelope[]) => rebuild(createProjectsModel(), events);

describe('projects read-model', () => {
  it('the events are valid envelopes of the spec', () => {
    const e = setup();
    for (const event of [e.created('p', 'P'), e.renamed('p', 'Q'), e.archived('p', true)])
      expect(validateEvent(event).ok).toBe(true);
  });

  it('a created project has its name, is not archived and is not shared', () => {
    const e = setup();
    const created = e.created('garden', 'Garden plans');
    expect(listProjects(fold([created]))).toEqual([
      { id: 'garden', name: 'Garden plans', archived: false, created: created.time, shared: [] },
    ]);
  });

  it('the newest rename names it; archive and unarchive follow the newest change', () => {
    const e = setup();
    const events = [
      e.created('g', 'Garden'),
      e.renamed('g', 'Yard'),
      e.renamed('g', 'Allotment'),
      e.archived('g', true),
    ];
    expect(listProjects(fold(events))[0]).toMatchObject({ name: 'Allotment', archived: true });
    expect(listProjects(fold([...events, e.archived('g', false)]))[0]).toMatchObject({ archived: false });
  });

  it('the earliest creation wins when two devices created the same id', () => {
    const e = setup();
    const first = e.created('x', 'First');
    const second = e.created('x', 'Second');
    expect(listProjects(fold([second, first]))[0]).toMatchObject({ name: 'First', created: first.time });
  });

  it('events without a project, other kinds and malformed payloads are ignored', () => {
    const e = setup();
    const bad = { ...e.renamed('p', 'Q'), payload: { name: 42 } } as unknown as EventEnvelope;
    const noProject = { ...e.created('p', 'P') };
    delete (noProject as { project_id?: string }).project_id;
    expect(listProjects(fold([bad, noProject, e.other('q')]))).toEqual([]);
  });

  it('joins pairings: a project shared by servers lists their labels; one known only from a pairing is named by its id', () => {
    const e = setup();
    const state = fold([e.created('garden', 'Garden')]);
    const list = listProjects(state, [
      { label: 'b.example:8787', projects: ['garden', 'p1'] },
      { label: 'a.example', projects: ['garden'] },
    ]);
    expect(list).toEqual([
      expect.objectContaining({ id: 'garden', name: 'Garden', shared: ['a.example', 'b.example:8787'] }),
      { id: 'p1', name: 'p1', archived: false, shared: ['b.example:8787'] },
    ]);
  });

  it('a project the server refused is listed, not shared by it', () => {
    expect(listProjects(fold([]), [{ label: 's', projects: ['a'], refused: ['b'] }])).toEqual([
      { id: 'a', name: 'a', archived: false, shared: ['s'] },
      { id: 'b', name: 'b', archived: false, shared: [] },
    ]);
  });

  it('sorts by name, case-insensitively, then by id', () => {
    const e = setup();
    const list = listProjects(fold([e.created('b', 'beta'), e.created('a2', 'Alpha'), e.created('a1', 'alpha')]));
    expect(list.map((p) => p.id)).toEqual(['a1', 'a2', 'b']);
  });

  it('property: any order, with duplicates, gives the same list', () => {
    const e = setup();
    const events = [
      e.created('p', 'P'),
      e.created('q', 'Q'),
      e.renamed('p', 'P2'),
      e.archived('q', true),
      e.renamed('p', 'P3'),
      e.archived('q', false),
      e.archived('p', true),
      e.created('p', 'late'),
    ];
    const expected = listProjects(fold(events));
    fc.assert(
      fc.property(
        fc.shuffledSubarray(events, { minLength: events.length }),
        fc.array(fc.nat(events.length - 1)),
        (order, dups) => {
          const shuffled = [...order, ...dups.map((i) => events[i]!)];
          expect(listProjects(fold(shuffled))).toEqual(expected);
        },
      ),
    );
  });
});
