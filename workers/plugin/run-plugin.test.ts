/** The worker's run in Node, on the shipped plugins (public/plugins, built by npm run plugins:build). */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { PluginRunRequest } from './api';
import { runPlugin } from './run-plugin';

const moduleOf = (name: string) => new WebAssembly.Module(readFileSync(`public/plugins/${name}.wasm`));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const file = (path: string, content: string) => ({ path, data: new TextEncoder().encode(content) });

function request(name: string, extra: Partial<PluginRunRequest> = {}): PluginRunRequest {
  return {
    module: moduleOf(name),
    toolId: `test.${name}`,
    input: '{}',
    files: null,
    writable: false,
    memory: { initial: 1, maximum: 256 },
    outputBytes: 65_536,
    net: false,
    ...extra,
  };
}

describe('a plugin run in the worker', () => {
  test('word-count sees exactly the pre-opened files and prints JSON', async () => {
    const result = await runPlugin(
      request('word-count', { files: [file('a.md', 'one two three'), file('deep/b.txt', 'four\nfive')] }),
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(text(result.stdout))).toEqual({
      files: [
        { path: 'a.md', words: 3 },
        { path: 'deep/b.txt', words: 2 },
      ],
      total: 5,
    });
  });

  test('without files there is no /project at all; the plugin says so on stderr', async () => {
    const result = await runPlugin(request('word-count'));
    expect(JSON.parse(text(result.stdout))).toEqual({ files: [], total: 0 });
    expect(result.stderr).toContain('/project holds no files');
  });

  test('stdout past output_bytes is cut and the dropped bytes counted', async () => {
    const result = await runPlugin(request('word-count', { files: [file('a.md', 'x')], outputBytes: 10 }));
    expect(result.stdout.byteLength).toBe(10);
    expect(result.stdoutDropped).toBeGreaterThan(0);
  });

  test('arw.http_get reaches the host bridge with the URL from the input; the reply is what the plugin prints', async () => {
    const urls: string[] = [];
    const result = await runPlugin(request('http-get', { net: true, input: '{"url":"http://example.org/x"}' }), {
      httpGet: (url) => (urls.push(url), { status: 200, body: new TextEncoder().encode('<title>hi</title>') }),
    });
    expect(urls).toEqual(['http://example.org/x']);
    expect(JSON.parse(text(result.stdout))).toEqual({ status: 200, bytes: 17, first: '<title>hi</title>' });
  });

  test('a refused request reaches the plugin as a negative code, and it exits non-zero', async () => {
    const result = await runPlugin(request('http-get', { net: true, input: '{"url":"http://example.org/"}' }), {
      httpGet: () => ({ code: -1 }),
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('code -1');
  });

  test('http-get without net:http in its manifest is Unsupported (the import is not there)', async () => {
    const result = await runPlugin(request('http-get'));
    expect(result.failure).toMatchObject({ variant: 'Unsupported', message: expect.stringContaining('arw.http_get') });
  });

  test('an import no host gives is Unsupported, naming it', async () => {
    const result = await runPlugin(request('test-bad-import'));
    expect(result.failure).toMatchObject({
      variant: 'Unsupported',
      message: expect.stringContaining('env.spawn_shell (function)'),
    });
  });

  test('a memory hog stops at the cap: Runtime, out of memory, cap in MiB', async () => {
    const result = await runPlugin(request('test-hog', { memory: { initial: 1, maximum: 32 } }));
    expect(result.failure).toEqual({ variant: 'Runtime', message: 'plugin ran out of memory (cap 2 MiB)' });
    expect(result.memoryPages).toBeLessThanOrEqual(32);
  });
});
