/**
 * One engine's concurrency slots on their own: the limit, FIFO order, abort while
 * waiting, holding while not ready, a raised limit, close, and waiting for idle.
 */
import { describe, expect, it } from 'vitest';
import { createSlotQueue } from './slot-queue';

function setup(limit = 1) {
  const state = { limit, ready: true };
  const queue = createSlotQueue({ name: 'tiny', limit: () => state.limit, ready: () => state.ready });
  const granted: string[] = [];
  const take = (name: string, signal?: AbortSignal) =>
    queue.take(signal).then((controller) => {
      granted.push(name);
      return controller;
    });
  return { state, queue, granted, take };
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('createSlotQueue', () => {
  it('grants at most limit slots at once and the rest in FIFO order as slots free', async () => {
    const t = setup(2);
    const one = t.take('one');
    const two = t.take('two');
    const three = t.take('three');
    const four = t.take('four');
    await settle();
    expect(t.granted).toEqual(['one', 'two']);
    expect([t.queue.running, t.queue.waiting]).toEqual([2, 2]);
    t.queue.release(await two);
    await settle();
    expect(t.granted).toEqual(['one', 'two', 'three']);
    t.queue.release(await one);
    await settle();
    expect(t.granted).toEqual(['one', 'two', 'three', 'four']);
    t.queue.release(await three);
    t.queue.release(await four);
    expect([t.queue.running, t.queue.waiting]).toEqual([0, 0]);
  });

  it('a newcomer does not overtake a waiter when a slot is free but not yet granted', async () => {
    const t = setup(1);
    t.state.ready = false;
    void t.take('first');
    t.state.ready = true;
    // A slot is free now, but 'first' waits ahead: 'second' queues behind it.
    void t.take('second');
    await settle();
    expect(t.granted).toEqual([]);
    t.queue.pump();
    await settle();
    expect(t.granted).toEqual(['first']);
  });

  it('a waiter aborted while queued leaves the queue with model-aborted and never runs', async () => {
    const t = setup(1);
    const running = await t.take('running');
    const abort = new AbortController();
    const waiting = t.take('aborted', abort.signal);
    const next = t.take('next');
    abort.abort();
    await expect(waiting).rejects.toMatchObject({
      code: 'model-aborted',
      message: 'stopped while waiting for a free slot on tiny',
    });
    expect(t.queue.waiting).toBe(1);
    t.queue.release(running);
    await next;
    expect(t.granted).toEqual(['running', 'next']);
  });

  it('an already aborted signal is refused before it queues', async () => {
    const t = setup(1);
    await expect(t.queue.take(AbortSignal.abort())).rejects.toMatchObject({
      code: 'model-aborted',
      message: 'stopped before it started',
    });
    expect(t.queue.waiting).toBe(0);
  });

  it('holds every waiter while not ready; pump grants up to the limit once ready or the limit rose', async () => {
    const t = setup(1);
    t.state.ready = false;
    for (const name of ['a', 'b', 'c']) void t.take(name);
    await settle();
    expect(t.granted).toEqual([]);
    t.state.ready = true;
    t.queue.pump();
    await settle();
    expect(t.granted).toEqual(['a']);
    t.state.limit = 3;
    t.queue.pump();
    await settle();
    expect(t.granted).toEqual(['a', 'b', 'c']);
  });

  it('release while not ready frees the slot but grants nothing', async () => {
    const t = setup(1);
    const first = await t.take('first');
    void t.take('second');
    t.state.ready = false;
    t.queue.release(first);
    await settle();
    expect(t.granted).toEqual(['first']);
    expect([t.queue.running, t.queue.waiting]).toEqual([0, 1]);
  });

  it('close rejects the waiters and every later take with its error; running work keeps its slot', async () => {
    const t = setup(1);
    const running = await t.take('running');
    const waiting = t.take('waiting');
    const error = new Error('tiny was unloaded');
    t.queue.close(error);
    await expect(waiting).rejects.toBe(error);
    await expect(t.queue.take()).rejects.toBe(error);
    expect(t.queue.running).toBe(1);
    t.queue.release(running);
    t.queue.pump();
    expect([t.queue.running, t.queue.waiting]).toEqual([0, 0]);
  });

  it('abortRunning aborts every running slot; whenIdle resolves once the last one is released', async () => {
    const t = setup(2);
    const a = await t.take('a');
    const b = await t.take('b');
    let idle = false;
    const whenIdle = t.queue.whenIdle().then(() => void (idle = true));
    t.queue.abortRunning();
    expect([a.signal.aborted, b.signal.aborted]).toEqual([true, true]);
    t.queue.release(a);
    await settle();
    expect(idle).toBe(false);
    t.queue.release(b);
    await whenIdle;
    expect(idle).toBe(true);
    await t.queue.whenIdle();
  });
});
