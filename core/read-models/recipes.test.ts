/** The installed-recipes fold: newest install per id, uninstall removes, reinstall after uninstall. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEvent, type EventEnvelope } from '../../spec';
import { createEventFactory } from '../journal';
import { createUlidFactory } from '../lib/ulid';
import { createRecipesModel } from './recipes';
import { rebuild } from './types';

const START = Date.parse('2026-03-01T10:00:00.000Z');
const SHA = 'a'.repeat(64);

function setup() {
  let now = START;
  const clock = { now: () => now };
  let counter = 0;
  const newId = createUlidFactory(clock.now, (n) => Uint8Array.from({ length: n }, () => counter++ % 251));
  const make = createEventFactory({ actor: 'device-a', clock, newId });
  const manifest = (id: string, version: string, extra: Record<string, unknown> = {}) => ({
    id,
    name: `Recipe ${id}`,
    version,
    description: 'Does one thing.',
    intent_preview: 'Reads nothing and writes nothing.',
    prompts: { system: 'You help.' },
    ...extra,
  });
  const install = (id: string, version: string, extra: Record<string, unknown> = {}) => {
    now += 1000;
    return make(
      'recipes.installed',
      { recipe: manifest(id, version, extra), files: { 'README.md': '# hi' }, source: 'folder', sha256: SHA },
      { project_id: 'p1' },
    );
  };
  const uninstall = (id: string, version: string) => {
    now += 1000;
    return make('recipes.uninstalled', { recipe_id: id, version }, { project_id: 'p1' });
  };
  return { install, uninstall };
}

function view(events: EventEnvelope[]) {
  const model = createRecipesModel();
  for (const event of events) expect(validateEvent(event).ok).toBe(true);
  return model.view(rebuild(model, events), START);
}

describe('recipes read-model', () => {
  it('an install lists the recipe with its manifest (defaults filled), files, source, hash, time and actor', () => {
    const { install } = setup();
    const event = install('notes', '1.0.0');
    const { items } = view([event]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      manifest: { id: 'notes', version: '1.0.0', tools: [], step_limit: 8 },
      files: { 'README.md': '# hi' },
      source: 'folder',
      sha256: SHA,
      installed_at: event.time,
      actor: 'device-a',
      event_id: event.id,
      project_id: 'p1',
    });
  });

  it('keeps only the newest install of an id, whatever the version number says', () => {
    const { install } = setup();
    const events = [install('notes', '1.0.0'), install('notes', '2.0.0'), install('notes', '1.5.0')];
    expect(view(events).items.map((r) => r.manifest.version)).toEqual(['1.5.0']);
    expect(view(events.slice(0, 2)).items.map((r) => r.manifest.version)).toEqual(['2.0.0']);
  });

  it('an uninstall removes the recipe; other recipes stay, sorted by id', () => {
    const { install, uninstall } = setup();
    const events = [install('zeta', '1.0.0'), install('alpha', '1.0.0'), install('notes', '1.0.0')];
    events.push(uninstall('notes', '1.0.0'));
    expect(view(events).items.map((r) => r.manifest.id)).toEqual(['alpha', 'zeta']);
  });

  it('installing again after an uninstall lists the recipe again', () => {
    const { install, uninstall } = setup();
    const events = [install('notes', '1.0.0'), uninstall('notes', '1.0.0'), install('notes', '1.0.1')];
    expect(view(events).items.map((r) => r.manifest.version)).toEqual(['1.0.1']);
  });

  it('an install whose manifest breaks the schema is listed as invalid and does not hide the valid one', () => {
    const { install } = setup();
    const good = install('notes', '1.0.0');
    const bad = install('notes', 'not-semver');
    const result = view([good, bad]);
    expect(result.items.map((r) => r.manifest.version)).toEqual(['1.0.0']);
    expect(result.invalid).toEqual([
      { event_id: bad.id, recipe_id: 'notes', message: expect.stringContaining('version') },
    ]);
  });

  it('gives the same view for any order of the events, with duplicates', () => {
    const { install, uninstall } = setup();
    const events = [
      install('a', '1.0.0'),
      install('b', '1.0.0'),
      uninstall('a', '1.0.0'),
      install('b', '1.1.0'),
      install('a', '2.0.0'),
      uninstall('b', '1.1.0'),
      install('c', '0.1.0'),
    ];
    const expected = view(events);
    expect(expected.items.map((r) => `${r.manifest.id}@${r.manifest.version}`)).toEqual(['a@2.0.0', 'c@0.1.0']);
    fc.assert(
      fc.property(fc.shuffledSubarray([...events, ...events], { minLength: events.length * 2 }), (shuffled) => {
        expect(view(shuffled)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});
