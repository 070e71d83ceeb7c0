/**
 * The turn scheduler shares each turn of the loop among background jobs by time: a job of
 * long steps (a catch-up fold's pages) does not starve one of short steps (a restore a
 * request waits on), no turn runs past its budget by more than one step, a cancelled job
 * stops before its next step, and a throwing step rejects only its own job.
 */
import { describe, expect, it } from 'vitest';
import type { Steps } from '../../core/lib/steps';
import { createTurnScheduler, foldSteps } from './sliced-fold';

/** A clock that only moves when a step says it spent time. */
function fakeClock() {
  let t = 0;
  return { now: () => t, spend: (ms: number) => void (t += ms) };
}

function* job(
  clock: ReturnType<typeof fakeClock>,
  steps: number,
  ms: number,
  log: string[],
  name: string,
): Steps<string> {
  for (let i = 0; i < steps; i++) {
    clock.spend(ms);
    log.push(name);
    yield;
  }
  return `${name} done`;
}

describe('turn scheduler', () => {
  it('gives each job an equal share of every turn by time', async () => {
    const clock = fakeClock();
    const turns = createTurnScheduler(15, clock.now);
    const log: string[] = [];
    const long = turns.run(job(clock, 40, 5, log, 'fold'));
    const short = turns.run(job(clock, 40, 0.5, log, 'restore'));
    // The short job finishes while the long one has done well under half of its steps.
    expect(await short).toBe('restore done');
    const foldSteps = log.filter((name) => name === 'fold').length;
    expect(foldSteps).toBeLessThan(20);
    expect(await long).toBe('fold done');
  });

  it('stops a cancelled job before its next step, and a throw rejects only its job', async () => {
    const clock = fakeClock();
    const turns = createTurnScheduler(15, clock.now);
    const log: string[] = [];
    let stop = false;
    const cancelled = turns.run(job(clock, 100, 1, log, 'a'), () => stop);
    function* broken(): Steps<void> {
      yield;
      stop = true;
      throw new Error('bad row');
    }
    await expect(turns.run(broken())).rejects.toThrow('bad row');
    expect(await cancelled).toBeUndefined();
    expect(log.length).toBeLessThan(100);
  });

  it('folds a page per step and calls onCaughtUp in the step of the empty read', () => {
    const rows = Array.from({ length: 450 }, (_, i) => ({ event: { server_seq: i + 1 }, received: undefined }));
    const applied: number[] = [];
    let caughtUp: number | undefined;
    const steps = foldSteps(0, {
      read: (cursor, limit) => rows.slice(cursor, cursor + limit) as never,
      apply: (page) => void applied.push(page.length),
      onCaughtUp: (position) => void (caughtUp = position),
    });
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields += 1;
    expect(applied).toEqual([200, 200, 50]);
    expect(yields).toBe(3);
    expect(caughtUp).toBe(450);
    expect(next.value).toBe(450);
  });
});
