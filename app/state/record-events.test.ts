import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { createEventFactory } from '../../core/journal/event-factory';
import { createRecorder } from './record-events';

let n = 0;
const make = createEventFactory({
  actor: 'device:t',
  clock: { now: () => 1_000 },
  newId: () => `01J${String(++n).padStart(23, '0')}`,
});
const health = () => make('runtime.health', { component: 'webllm', state: 'ok' });

describe('createRecorder', () => {
  it('writes the events in one batch, and nothing for none', async () => {
    const batches: unknown[][] = [];
    const record = createRecorder({ appendBatch: async (events) => void batches.push([...events]) }, () => undefined);
    const [a, b] = [health(), health()];
    record(a, b);
    record();
    await Promise.resolve();
    expect(batches).toEqual([[a, b]]);
  });

  it('reports a write that rejects or throws instead of swallowing it', async () => {
    const full = new AppError('journal-quota-exceeded', 'full');
    const rejected = new Promise<unknown>((resolve) =>
      createRecorder({ appendBatch: () => Promise.reject(full) }, resolve)(health()),
    );
    expect(await rejected).toBe(full);
    const closed = new AppError('journal-closed', 'closed');
    const reported: unknown[] = [];
    const throwing = createRecorder(
      {
        appendBatch: () => {
          throw closed;
        },
      },
      (error) => reported.push(error),
    );
    expect(() => throwing(health())).not.toThrow();
    expect(reported).toEqual([closed]);
  });
});
