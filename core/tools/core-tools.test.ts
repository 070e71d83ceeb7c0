import { describe, expect, test } from 'vitest';
import { coreToolEntries } from './core-tools';
import { createToolbox } from './toolbox';

const toolbox = createToolbox(
  coreToolEntries({
    clock: { now: () => Date.UTC(2026, 11, 1, 9, 30) },
    fetch: () => Promise.reject(new TypeError('Failed to fetch')),
  }),
);

describe('core tool executors', () => {
  test('clock.now gives the injected clock as ISO and epoch ms', async () => {
    expect(await toolbox.run('clock.now', '{}', {})).toEqual({
      ok: true,
      value: { iso: '2026-12-01T09:30:00.000Z', epoch_ms: Date.UTC(2026, 11, 1, 9, 30) },
    });
  });

  test('math.eval evaluates; an expression it cannot read is an error with the position', async () => {
    expect(await toolbox.run('math.eval', { expression: '(2 + 3) * 4 / 8' }, {})).toEqual({
      ok: true,
      value: { expression: '(2 + 3) * 4 / 8', value: 2.5 },
    });
    const bad = await toolbox.run('math.eval', { expression: '2 + alert(1)' }, {});
    expect(bad.ok || bad.error).toMatch(/^math\.eval cannot evaluate '2 \+ alert\(1\)': .*position/);
  });

  test('text.extract returns title, text and whether it was cut', async () => {
    const html = '<title>T</title><p>Hello <b>there</b></p>';
    expect(await toolbox.run('text.extract', { html, max_chars: 5 }, {})).toEqual({
      ok: true,
      value: { title: 'T', text: 'Hello', truncated: true },
    });
  });

  test('http.fetch: a fetch TypeError reads as the CORS or unreachable reason', async () => {
    expect(await toolbox.run('http.fetch', { url: 'https://no-cors.example/a' }, {})).toEqual({
      ok: false,
      error: 'the site refused the request from the browser (CORS) or could not be reached: https://no-cors.example/a',
    });
  });
});
