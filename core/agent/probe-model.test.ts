/** The probe model as a ModelAdapter: rule replies, token streaming, maxTokens, abort, embed. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createAbortSource } from './abort';
import type { ChatMessage } from './model';
import { createProbeModel, PROBE_EMBED_DIMS, PROBE_MODEL_INFO } from './probe-model';
import { PROBE_HELP } from './probe-reply';

/** A fake clock that `sleep` moves forward, so timings are exact. */
function fakeTime() {
  let now = 1_000;
  return { clock: { now: () => now }, sleep: async (ms: number) => void (now += ms) };
}

async function loadedProbe(tokenDelayMs = 10) {
  const model = createProbeModel({ ...fakeTime(), tokenDelayMs });
  await model.load({ id: 'probe' });
  return model;
}

/** Lets pending promise callbacks run (core has no timers to wait on). */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

const user = (content: string): ChatMessage[] => [{ role: 'user', content }];

async function reply(messages: ChatMessage[]) {
  const model = await loadedProbe(0);
  return (await model.generate(messages, {}, () => undefined)).text;
}

describe('probe model', () => {
  it('load reports progress from 0 to 1 and says it is the rule-based probe', async () => {
    const model = createProbeModel(fakeTime());
    const progress: number[] = [];
    const info = await model.load({ id: 'probe' }, { onProgress: (p) => progress.push(p.fraction) });
    expect(info).toEqual({
      id: 'probe',
      label: 'Probe agent (rule-based, deterministic)',
      backend: 'rules',
      demo: true,
    });
    expect(info).toEqual(PROBE_MODEL_INFO);
    expect(progress).toEqual([0, 1]);
  });

  it('generate and embed before load reject with model-not-loaded', async () => {
    const model = createProbeModel(fakeTime());
    await expect(model.generate(user('hi'), {}, () => undefined)).rejects.toMatchObject({ code: 'model-not-loaded' });
    await expect(model.embed(['x'])).rejects.toBeInstanceOf(AppError);
  });

  it('answers greetings, help, tool results and tool failures by rule', async () => {
    expect(await reply(user('Hello there'))).toMatch(/^Hello! I am the probe agent/);
    expect(await reply(user('help'))).toBe(PROBE_HELP);
    const tool = (body: object): ChatMessage[] => [...user('2+3'), { role: 'tool', content: JSON.stringify(body) }];
    expect(await reply(tool({ tool: 'math.eval', ok: true, output: { expression: '2+3', value: 5 } }))).toBe(
      'The result is 5.',
    );
    expect(await reply(tool({ tool: 'clock.now', ok: true, output: { iso: '2026-03-01T10:00:00.000Z' } }))).toBe(
      'It is 2026-03-01T10:00:00.000Z (UTC).',
    );
    expect(await reply(tool({ tool: 'math.eval', ok: false, error: 'division by zero' }))).toBe(
      'Sorry, the tool math.eval failed: division by zero.',
    );
  });

  it('otherwise echoes the input with its word count, the same every time', async () => {
    const first = await reply(user('the quick  brown fox'));
    expect(first).toBe('You wrote 4 words: "the quick brown fox".');
    expect(await reply(user('the quick  brown fox'))).toBe(first);
  });

  it('streams word tokens with their trailing spaces and times them with the injected clock', async () => {
    const model = await loadedProbe(10);
    const tokens: string[] = [];
    const result = await model.generate(user('one two'), {}, (token) => tokens.push(token));
    expect(tokens).toEqual(['You ', 'wrote ', '2 ', 'words: ', '"one ', 'two".']);
    expect(result).toEqual({ text: tokens.join(''), tokens: 6, ttftMs: 10, durationMs: 60, finish: 'stop' });
    expect(await model.stats()).toEqual({ tokensPerSecond: 100, ttftMs: 10, memoryBytes: 0 });
  });

  it('stops at maxTokens with finish length', async () => {
    const model = await loadedProbe(0);
    const result = await model.generate(user('one two three'), { maxTokens: 2 }, () => undefined);
    expect(result).toMatchObject({ text: 'You wrote ', tokens: 2, finish: 'length' });
  });

  it('stops promptly on abort, even in the middle of a token delay', async () => {
    let now = 0;
    const pending: Array<() => void> = [];
    // A sleep that only ends when the test says so: abort must not wait for it.
    const sleep = (ms: number) => new Promise<void>((resolve) => pending.push(() => ((now += ms), resolve())));
    const model = createProbeModel({ sleep, clock: { now: () => now }, tokenDelayMs: 12 });
    await model.load({ id: 'probe' });
    const source = createAbortSource();
    const tokens: string[] = [];
    const running = model.generate(user('a b c d'), { signal: source.signal }, (token) => tokens.push(token));
    await settle();
    pending.shift()!();
    await settle();
    expect(pending).toHaveLength(1);
    source.abort();
    const result = await running;
    expect(tokens).toEqual(['You ']);
    expect(result).toMatchObject({ text: 'You ', tokens: 1, finish: 'aborted' });
  });

  it('embeds deterministically: 64 dims, unit length, similar texts closer', async () => {
    const model = await loadedProbe();
    const [a, b, c, empty] = await model.embed(['red apple pie', 'apple pie red', 'quantum tunnel', '']);
    const dot = (x: number[], y: number[]) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);
    expect(a).toHaveLength(PROBE_EMBED_DIMS);
    expect(dot(a!, a!)).toBeCloseTo(1, 10);
    expect(dot(a!, b!)).toBeCloseTo(1, 10);
    expect(dot(a!, c!)).toBeLessThan(0.5);
    expect(empty!.every((v) => v === 0)).toBe(true);
  });

  it('unload makes generate fail again', async () => {
    const model = await loadedProbe();
    await model.unload();
    await expect(model.generate(user('hi'), {}, () => undefined)).rejects.toMatchObject({ code: 'model-not-loaded' });
  });
});
