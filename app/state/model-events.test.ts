import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../core/agent/model';
import { createEventFactory } from '../../core/journal/event-factory';
import { validateEvent } from '../../spec';
import { createModelEvents } from './model-events';

let n = 0;
const make = createEventFactory({
  actor: 'device:t',
  clock: { now: () => 1_000 },
  newId: () => `01J${String(++n).padStart(23, '0')}`,
});
const model = (id: string, backend = 'wasm'): ModelInfo => ({ id, label: id, backend, demo: false });
const shape = (events: ReturnType<ReturnType<typeof createModelEvents>['loaded']>) =>
  events.map((event) => [
    event.kind,
    event.payload['op'] ?? event.payload['state'],
    event.payload['id'] ?? event.payload['component'],
  ]);

describe('model events', () => {
  it('a load journals models.changed loaded and its runtime.health, degraded with the reason after a fallback', () => {
    const events = createModelEvents(make);
    const first = events.loaded(model('arw-tiny-char', 'WebAssembly'), undefined);
    expect(shape(first)).toEqual([
      ['models.changed', 'loaded', 'arw-tiny-char'],
      ['runtime.health', 'ok', 'inference:arw-tiny-char'],
    ]);
    expect(first[1]!.payload['detail']).toBe('WebAssembly');
    const fallback = events.loaded(model('probe'), 'no cached weights');
    expect(fallback[1]!.payload).toMatchObject({ state: 'degraded', detail: 'fell back to probe: no cached weights' });
    for (const event of [...first, ...fallback]) expect(validateEvent(event)).toMatchObject({ ok: true });
  });

  it('leaving a web-llm model for the inference worker journals its unload first; other switches do not', () => {
    const events = createModelEvents(make);
    events.loaded(model('webllm:Qwen-0.5B'), undefined);
    expect(shape(events.loaded(model('webllm:Llama-1B'), undefined)).map(([kind, op]) => `${kind} ${op}`)).toEqual([
      'models.changed loaded',
      'runtime.health ok',
    ]);
    expect(shape(events.loaded(model('arw-tiny-char'), undefined))[0]).toEqual([
      'models.changed',
      'unloaded',
      'webllm:Llama-1B',
    ]);
    expect(shape(events.loaded(model('probe'), undefined)).map(([kind, op]) => `${kind} ${op}`)).toEqual([
      'models.changed loaded',
      'runtime.health ok',
    ]);
  });

  it('a discarded download is a models.changed error with its code and a clipped status', () => {
    const event = createModelEvents(make).storeChanged({
      op: 'error',
      id: 'm1',
      error: { code: 'model-hash-mismatch', message: 'x'.repeat(300) },
    });
    expect(event).toMatchObject({
      kind: 'models.changed',
      payload: { op: 'error', id: 'm1' },
      code: 'model-hash-mismatch',
      severity: 'error',
    });
    expect(event.status).toHaveLength(200);
    expect(createModelEvents(make).storeChanged({ op: 'downloaded', id: 'm1' })).not.toHaveProperty('severity');
  });
});
