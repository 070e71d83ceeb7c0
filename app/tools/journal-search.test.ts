import { describe, expect, test } from 'vitest';
import { createEventMaker } from '../db/test-support';
import { createMemoryJournal } from '../state/testing/memory-journal';
import { createJournalSearch, snippetAround } from './journal-search';

function journalWith() {
  const maker = createEventMaker({ seed: 3 });
  const events = [
    maker.make(
      'episode.started',
      { agent: 'probe', input: 'Plan the Lisbon trip' },
      { corr_id: 'e1', project_id: 'p1' },
    ),
    maker.make('tokens.out', { seq: 0, count: 3, text: 'Lisbon in May is warm' }, { corr_id: 'e1', project_id: 'p1' }),
    maker.make('episode.started', { agent: 'probe', input: 'lisbon flights' }, { corr_id: 'e2', project_id: 'p2' }),
    maker.make('episode.started', { agent: 'probe', input: 'Say "hi" to Ana' }, { corr_id: 'e3', project_id: 'p1' }),
    maker.make('episode.started', { agent: 'probe', input: 'LISBON again' }, { corr_id: 'e4', project_id: 'p1' }),
  ];
  return { journal: createMemoryJournal(events), events };
}

describe('journal.search', () => {
  test("finds the words case-insensitively in the project's events, newest first", async () => {
    const { journal, events } = journalWith();
    const search = createJournalSearch(journal);
    const { matches } = await search({ query: 'lisbon', limit: 20 }, { projectId: 'p1' });
    expect(matches.map((match) => match.id)).toEqual([events[4]!.id, events[1]!.id, events[0]!.id]);
    expect(matches[0]).toEqual({
      id: events[4]!.id,
      time: events[4]!.time,
      kind: 'episode.started',
      corr_id: 'e4',
      snippet: '{"agent":"probe","input":"LISBON again"}',
    });
  });

  test('kind_prefix and limit narrow the search; the calling episode is left out', async () => {
    const { journal, events } = journalWith();
    const search = createJournalSearch(journal, { pageSize: 2 });
    const tokens = await search({ query: 'lisbon', kind_prefix: 'tokens.', limit: 20 }, { projectId: 'p1' });
    expect(tokens.matches.map((match) => match.id)).toEqual([events[1]!.id]);
    const one = await search({ query: 'lisbon', limit: 1 }, { projectId: 'p1' });
    expect(one.matches).toHaveLength(1);
    const notMine = await search({ query: 'lisbon', limit: 20 }, { projectId: 'p1', corrId: 'e4' });
    expect(notMine.matches.map((match) => match.corr_id)).toEqual(['e1', 'e1']);
  });

  test('without a project every event is searched; quotes match as written', async () => {
    const { journal } = journalWith();
    const search = createJournalSearch(journal);
    const all = await search({ query: 'LISBON', limit: 20 }, {});
    expect(all.matches.map((match) => match.corr_id)).toEqual(['e4', 'e2', 'e1', 'e1']);
    const quoted = await search({ query: 'say "hi"', limit: 20 }, {});
    expect(quoted.matches.map((match) => match.corr_id)).toEqual(['e3']);
    expect((await search({ query: 'nowhere', limit: 20 }, {})).matches).toEqual([]);
  });

  test('reads at most maxScanned events', async () => {
    const { journal } = journalWith();
    const search = createJournalSearch(journal, { pageSize: 1, maxScanned: 2 });
    const { matches } = await search({ query: 'lisbon', limit: 20 }, {});
    expect(matches.map((match) => match.corr_id)).toEqual(['e4']);
  });

  test('a snippet is about 160 characters centred on the hit', () => {
    const text = `${'a'.repeat(300)}NEEDLE${'b'.repeat(300)}`;
    const snippet = snippetAround(text, 300, 6);
    expect(snippet).toBe(`…${'a'.repeat(77)}NEEDLE${'b'.repeat(77)}…`);
    expect(snippetAround('short NEEDLE', 6, 6)).toBe('short NEEDLE');
    expect(snippetAround(`${'a'.repeat(300)}END`, 300, 3)).toBe(`…${'a'.repeat(157)}END`);
  });
});
