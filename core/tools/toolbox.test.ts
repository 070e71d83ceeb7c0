import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createToolbox, toolEntry, type ToolEntry } from './toolbox';
import { hostTimer, type Timer } from './timer';
import type { ToolContext, ToolDefinition } from './types';

const fetchLike: ToolDefinition<{ url: string; limit: number }> = {
  name: 'web.get',
  description: 'Gets a page.',
  params: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL, e.g. https://example.com' }),
    limit: z.int().min(1).max(50).default(20),
  }),
  capability: 'net:http',
  needs: (params) => ({ capability: 'net:http', scope: `net://${params.url.split('/')[2]!.toLowerCase()}` }),
};

const echo: ToolDefinition<{ text: string }> = {
  name: 'text.echo',
  description: 'Echoes text.',
  params: z.strictObject({ text: z.string() }),
  capability: null,
  needs: () => null,
};

/** A timer the test fires by hand. */
function manualTimer(): Timer & { fire(): void; pending(): number } {
  const due: Array<() => void> = [];
  const timer: Timer = (_ms, fn) => {
    due.push(fn);
    return () => void due.splice(due.indexOf(fn), 1);
  };
  return Object.assign(timer, {
    fire: () => due.splice(0).forEach((fn) => fn()),
    pending: () => due.length,
  });
}

const entries = (executor: (params: { text: string }, context: ToolContext) => unknown): ToolEntry[] => [
  toolEntry(fetchLike, (params) => ({ got: params.url, limit: params.limit })),
  toolEntry(echo, executor),
];

describe('toolbox specs', () => {
  test('specs are OpenAI tools entries with JSON Schema from zod, without $schema', () => {
    const [spec] = createToolbox(entries((p) => p)).specs(['web.get']);
    expect(spec).toEqual({
      type: 'function',
      function: {
        name: 'web.get',
        description: 'Gets a page.',
        parameters: {
          type: 'object',
          properties: {
            url: { type: 'string', format: 'uri' },
            limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
          },
          required: ['url'],
          additionalProperties: false,
        },
      },
    });
  });

  test('specs leave out unknown names and give every tool without names', () => {
    const toolbox = createToolbox(entries((p) => p));
    expect(toolbox.specs(['text.echo', 'nope']).map((spec) => spec.function.name)).toEqual(['text.echo']);
    expect(toolbox.specs().map((spec) => spec.function.name)).toEqual(['web.get', 'text.echo']);
  });
});

describe('toolbox parse', () => {
  const toolbox = createToolbox(entries((p) => p));

  test('accepts an object or the JSON text a model sends, with defaults applied', () => {
    expect(toolbox.parse('web.get', { url: 'https://example.com/a' })).toEqual({
      ok: true,
      value: { url: 'https://example.com/a', limit: 20 },
    });
    expect(toolbox.parse('web.get', '{"url":"http://x.test","limit":3}')).toEqual({
      ok: true,
      value: { url: 'http://x.test', limit: 3 },
    });
    expect(toolbox.parse('text.echo', '{"text":""}').ok).toBe(true);
  });

  test('names each bad field in plain words with what is accepted', () => {
    const result = toolbox.parse('web.get', { url: 'ftp://example.com', limit: 2.5, extra: true });
    expect(result).toEqual({
      ok: false,
      error:
        'url: must be an http or https URL, e.g. https://example.com; limit: must be a whole number, not 2.5; ' +
        'arguments: unknown field extra (the fields are url, limit)',
    });
    expect(toolbox.parse('web.get', { url: 'https://a.test', limit: 99 })).toEqual({
      ok: false,
      error: 'limit: must be at most 50, not 99',
    });
    expect(toolbox.parse('text.echo', {})).toEqual({ ok: false, error: 'text: is required (a string)' });
    expect(toolbox.parse('text.echo', '[1]')).toEqual({
      ok: false,
      error: 'arguments: must be an object, not an array',
    });
  });

  test('refuses JSON text that does not parse, and unknown tools, naming the tools there are', () => {
    const bad = toolbox.parse('web.get', '{"url": ');
    expect(bad.ok || bad.error).toMatch(/^arguments: not valid JSON .*send a JSON object/);
    expect(toolbox.parse('shell.run', {})).toEqual({
      ok: false,
      error: "unknown tool 'shell.run'; the tools are web.get, text.echo",
    });
  });
});

describe('toolbox needs', () => {
  const toolbox = createToolbox(entries((p) => p));

  test('derives the need from the params; bad params still name the capability', () => {
    expect(toolbox.needs('web.get', { url: 'https://Example.com/a' })).toEqual({
      capability: 'net:http',
      scope: 'net://example.com',
    });
    expect(toolbox.needs('web.get', { url: 'not a url' })).toEqual({ capability: 'net:http' });
    expect(toolbox.needs('text.echo', { text: 'x' })).toBeNull();
    expect(toolbox.needs('nope', {})).toBeNull();
  });
});

describe('toolbox run', () => {
  test('runs the executor with parsed params and times the call', async () => {
    let clock = 1000;
    const toolbox = createToolbox(
      entries((params) => {
        clock += 42;
        return { said: params.text };
      }),
      { now: () => clock },
    );
    expect(await toolbox.call('text.echo', '{"text":"hi"}', {})).toEqual({
      result: { ok: true, value: { said: 'hi' } },
      duration_ms: 42,
      truncated: false,
      json: '{"said":"hi"}',
    });
    expect(await toolbox.run('web.get', { url: 'https://a.test' }, {})).toEqual({
      ok: true,
      value: { got: 'https://a.test', limit: 20 },
    });
  });

  test('a throw or a rejection becomes an error value', async () => {
    const toolbox = createToolbox(
      entries(() => {
        throw new RangeError('no such thing');
      }),
    );
    expect(await toolbox.run('text.echo', { text: 'x' }, {})).toEqual({ ok: false, error: 'no such thing' });
    const rejecting = createToolbox(entries(() => Promise.reject(new Error('gone'))));
    expect(await rejecting.run('text.echo', { text: 'x' }, {})).toEqual({ ok: false, error: 'gone' });
  });

  test('bad params and unknown tools never reach an executor', async () => {
    let ran = 0;
    const toolbox = createToolbox(entries(() => ran++));
    expect((await toolbox.run('text.echo', { text: 5 }, {})).ok).toBe(false);
    expect((await toolbox.run('text.nope', {}, {})).ok).toBe(false);
    expect(ran).toBe(0);
  });

  test('a call past its time limit is an error naming the tool and the limit, and its signal aborts', async () => {
    const timer = manualTimer();
    let aborted = false;
    const toolbox = createToolbox(
      entries(
        (_params, context) => new Promise(() => context.signal?.addEventListener('abort', () => (aborted = true))),
      ),
      { timer },
    );
    const running = toolbox.run('text.echo', { text: 'x' }, {});
    await Promise.resolve();
    timer.fire();
    expect(await running).toEqual({ ok: false, error: 'text.echo took longer than 15 s' });
    expect(aborted).toBe(true);
  });

  test('the host timer stops a call that never answers', async () => {
    const toolbox = createToolbox(
      entries(() => new Promise(() => {})),
      { timer: hostTimer, timeoutMs: 30 },
    );
    expect(await toolbox.run('text.echo', { text: 'x' }, {})).toEqual({
      ok: false,
      error: 'text.echo took longer than 0.03 s',
    });
  });

  test('a definition sets its own time limit from its params; a finished call cancels its timer', async () => {
    const timer = manualTimer();
    const limits: number[] = [];
    const spy: Timer = (ms, fn) => (limits.push(ms), timer(ms, fn));
    const slow = { ...echo, timeoutMs: () => 31_000 };
    const toolbox = createToolbox([toolEntry(slow, (p) => p)], { timer: spy });
    await toolbox.run('text.echo', { text: 'x' }, {});
    expect(limits).toEqual([31_000]);
    expect(timer.pending()).toBe(0);
  });

  test('the caller aborting stops the call', async () => {
    const listeners: Array<() => void> = [];
    const signal = { aborted: false, addEventListener: (_t: 'abort', fn: () => void) => listeners.push(fn) };
    const toolbox = createToolbox(entries(() => new Promise(() => {})));
    const running = toolbox.run('text.echo', { text: 'x' }, { signal });
    listeners.forEach((fn) => fn());
    expect(await running).toEqual({ ok: false, error: 'text.echo was stopped' });
  });

  test('output over maxResultBytes is cut, marked truncated and still JSON', async () => {
    const toolbox = createToolbox(
      entries(() => ({ body: 'x'.repeat(10_000), status: 200 })),
      { maxResultBytes: 1000 },
    );
    const outcome = await toolbox.call('text.echo', { text: 'x' }, {});
    expect(outcome.truncated).toBe(true);
    const value = outcome.result.ok ? (outcome.result.value as { body: string; truncated: boolean }) : undefined;
    expect(value?.truncated).toBe(true);
    expect(value?.body.startsWith('xxx')).toBe(true);
    expect(JSON.stringify(value).length).toBeLessThanOrEqual(1000);
    expect(JSON.stringify(value).length).toBeGreaterThan(900);
    expect(outcome.json).toBe(JSON.stringify(value));
  });

  test('a result JSON cannot hold is an error; undefined is null', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((await createToolbox(entries(() => cyclic)).run('text.echo', { text: 'x' }, {})).ok).toBe(false);
    expect(await createToolbox(entries(() => undefined)).run('text.echo', { text: 'x' }, {})).toEqual({
      ok: true,
      value: null,
    });
  });
});
