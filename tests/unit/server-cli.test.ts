/** `arw tokens`: create prints the secret once, list shows only hash prefixes, revoke and rotate by id. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCli } from '../../sync-server/cli/main';

const dir = mkdtempSync(join(tmpdir(), 'arw-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(
    args,
    { ARW_DATA_DIR: dir },
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('tokens create / list / rotate / revoke', () => {
  const created = run(['tokens', 'create', '--label', 'x', '--scope', 'admin:tokens', '--json']);
  expect(created.code).toBe(0);
  const { id, secret } = JSON.parse(created.out) as { id: string; secret: string };
  const list = run(['tokens', 'list']);
  expect(list.out).toContain(id);
  expect(list.out).not.toContain(secret);
  const rotated = run(['tokens', 'rotate', id, '--json']);
  expect(rotated.code).toBe(0);
  const next = JSON.parse(rotated.out) as { id: string };
  expect(run(['tokens', 'revoke', next.id]).code).toBe(0);
  expect(run(['tokens', 'revoke', next.id]).code).toBe(1);
  expect(run(['tokens', 'create', '--label', 'y', '--scope', 'events:read']).err).toMatch(/projects/);
});
