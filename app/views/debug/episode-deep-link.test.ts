import { createRoot, createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { followEpisodeLink } from './episode-deep-link';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup() {
  const [linked, setLinked] = createSignal<string>();
  const [listed, setListed] = createSignal<{ id: string }[]>([]);
  const [known, setKnown] = createSignal<{ id: string }[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  const calls: string[] = [];
  const { problem, dispose } = createRoot((dispose) => ({
    dispose,
    problem: followEpisodeLink({
      linked,
      listed,
      known,
      loaded,
      select: (id) => calls.push(`select ${id}`),
      expand: (id) => calls.push(`expand ${id}`),
      scrollTo: (id) => calls.push(`scroll ${id}`),
    }),
  }));
  return { setLinked, setListed, setKnown, setLoaded, calls, problem, dispose };
}

describe('followEpisodeLink', () => {
  it('selects and expands the linked episode, and scrolls once its row is listed', async () => {
    const t = setup();
    t.setLinked('c1');
    await flush();
    expect(t.calls).toEqual(['select c1', 'expand c1']);
    t.setKnown([{ id: 'c1' }]);
    t.setListed([{ id: 'c0' }, { id: 'c1' }]);
    await flush();
    expect(t.calls).toEqual(['select c1', 'expand c1', 'scroll c1']);
    // A later list change does not scroll again.
    t.setListed([{ id: 'c1' }, { id: 'c2' }]);
    await flush();
    expect(t.calls.filter((call) => call.startsWith('scroll'))).toEqual(['scroll c1']);
    t.dispose();
  });

  it('does nothing without a link', async () => {
    const t = setup();
    t.setListed([{ id: 'c1' }]);
    t.setLoaded(true);
    await flush();
    expect(t.calls).toEqual([]);
    expect(t.problem()).toBeUndefined();
    t.dispose();
  });

  it('says whether a linked episode is filtered out or missing (only once the journal is read)', async () => {
    const t = setup();
    t.setLinked('c9');
    await flush();
    expect(t.problem()).toBeUndefined();
    t.setLoaded(true);
    expect(t.problem()).toEqual({ corrId: 'c9', reason: 'missing' });
    t.setKnown([{ id: 'c9' }]);
    expect(t.problem()).toEqual({ corrId: 'c9', reason: 'filtered' });
    t.setListed([{ id: 'c9' }]);
    expect(t.problem()).toBeUndefined();
    t.dispose();
  });
});
