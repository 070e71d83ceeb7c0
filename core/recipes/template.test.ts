/** fillTemplate / fillText: whole placeholders keep raw values, others interpolate, gaps name the placeholder. */
import { describe, expect, test } from 'vitest';
import { fillTemplate, fillText, type TemplateScope } from './template';

const scope: TemplateScope = {
  input: 'https://example.com/a',
  steps: {
    fetch: { status: 200, body: '<h1>Hi</h1>', headers: { 'content-type': 'text/html' }, items: [{ n: 1 }] },
    extract: { title: 'Hi', text: 'Hello there' },
    empty: null,
  },
};

describe('fillTemplate', () => {
  test('a whole placeholder gets the raw value, objects and numbers included', () => {
    const filled = fillTemplate(
      {
        url: '{{input}}',
        status: '{{steps.fetch.status}}',
        all: '{{ steps.extract }}',
        first: '{{steps.fetch.items.0.n}}',
      },
      scope,
    );
    expect(filled).toEqual({
      ok: true,
      value: { url: 'https://example.com/a', status: 200, all: { title: 'Hi', text: 'Hello there' }, first: 1 },
    });
  });

  test('a placeholder inside text interpolates; objects as JSON, null as nothing', () => {
    const filled = fillTemplate(
      {
        text: '# {{steps.extract.title}}\n\n{{steps.extract.text}} ({{steps.fetch.status}})',
        meta: 'h={{steps.fetch.headers}}',
        e: 'x{{steps.empty}}y',
      },
      scope,
    );
    expect(filled).toEqual({
      ok: true,
      value: { text: '# Hi\n\nHello there (200)', meta: 'h={"content-type":"text/html"}', e: 'xy' },
    });
  });

  test('nested params and lists are filled, values without placeholders kept, the input not changed', () => {
    const params = { headers: { from: '{{steps.extract.title}}' }, list: ['{{input}}', 3, true], n: 5 };
    const copy = JSON.parse(JSON.stringify(params)) as typeof params;
    expect(fillTemplate(params, scope)).toEqual({
      ok: true,
      value: { headers: { from: 'Hi' }, list: ['https://example.com/a', 3, true], n: 5 },
    });
    expect(params).toEqual(copy);
  });

  test('a missing field names the placeholder and the fields there are', () => {
    expect(fillTemplate({ html: '{{steps.fetch.bodyy}}' }, scope)).toEqual({
      ok: false,
      error: '{{steps.fetch.bodyy}}: steps.fetch has no "bodyy" (its fields are status, body, headers, items)',
    });
    expect(fillTemplate({ t: 'x {{steps.extract.title.more}}' }, scope)).toEqual({
      ok: false,
      error: '{{steps.extract.title.more}}: steps.extract.title has no "more" (it is text)',
    });
  });

  test('a step that has not run, a missing input and a bad placeholder are errors naming them', () => {
    expect(fillTemplate({ t: '{{steps.save}}' }, scope)).toMatchObject({
      ok: false,
      error: expect.stringMatching(
        /^\{\{steps.save\}\}: step "save" has not run \(steps so far: fetch, extract, empty\)$/,
      ),
    });
    expect(fillTemplate({ u: '{{input}}' }, { input: undefined, steps: {} })).toEqual({
      ok: false,
      error: '{{input}}: the recipe was launched without an input',
    });
    expect(fillTemplate({ u: '{{nope}}' }, scope)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^\{\{nope\}\} is not a placeholder/),
    });
  });

  test('inherited properties are not reachable through a path', () => {
    expect(fillTemplate({ t: '{{steps.extract.constructor}}' }, scope).ok).toBe(false);
    expect(fillTemplate({ t: '{{steps.toString}}' }, scope).ok).toBe(false);
  });

  test('a "__proto__" key in params stays a plain key', () => {
    const params = JSON.parse('{"__proto__": {"polluted": "{{input}}"}}') as Record<string, unknown>;
    const filled = fillTemplate(params, scope);
    expect(filled.ok && Object.hasOwn(filled.value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('fillText', () => {
  test('always gives text, even for a whole placeholder', () => {
    expect(fillText('{{steps.fetch.status}}', scope)).toEqual({ ok: true, value: '200' });
    expect(fillText('Summarize {{input}}', scope)).toEqual({ ok: true, value: 'Summarize https://example.com/a' });
  });
});
