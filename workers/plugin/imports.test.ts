import { describe, expect, test } from 'vitest';
import { buildImports, checkImports, type ImportDescriptor } from './imports';

const WASI = new Set(['fd_write', 'proc_exit', 'args_get', 'args_sizes_get']);
const fn = (module: string, name: string): ImportDescriptor => ({ module, name, kind: 'function' });
const MEMORY: ImportDescriptor = { module: 'env', name: 'memory', kind: 'memory' };

describe('the import table a plugin may ask for', () => {
  test('WASI functions the shim gives and env.memory are allowed', () => {
    expect(checkImports([fn('wasi_snapshot_preview1', 'fd_write'), MEMORY], WASI, false)).toEqual({ ok: true });
  });

  test('anything else is refused, naming the import', () => {
    const check = checkImports([MEMORY, fn('env', 'spawn_shell')], WASI, true);
    expect(check).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^the plugin imports env\.spawn_shell \(function\)/),
    });
    expect(checkImports([MEMORY, fn('wasi_snapshot_preview1', 'sock_open')], WASI, true)).toMatchObject({
      message: expect.stringContaining('wasi_snapshot_preview1.sock_open'),
    });
  });

  test('arw.http_get only when the manifest declares net:http', () => {
    const imports = [MEMORY, fn('arw', 'http_get')];
    expect(checkImports(imports, WASI, true)).toEqual({ ok: true });
    expect(checkImports(imports, WASI, false)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/arw\.http_get, but its manifest does not declare net:http/),
    });
  });

  test('a module that defines its own memory cannot be capped, so it is refused', () => {
    expect(checkImports([fn('wasi_snapshot_preview1', 'fd_write')], WASI, false)).toMatchObject({
      ok: false,
      message: expect.stringContaining('must import env.memory'),
    });
  });

  test('the import object holds only the three namespaces, arw only with a bridge', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
    expect(Object.keys(buildImports({}, memory, undefined)).sort()).toEqual(['env', 'wasi_snapshot_preview1']);
    expect(Object.keys(buildImports({}, memory, () => 0)).sort()).toEqual(['arw', 'env', 'wasi_snapshot_preview1']);
  });
});
