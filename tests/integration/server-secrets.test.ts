/**
 * Secrets stay secret: the real server entry (first start, no admin token) writes the
 * generated admin token only to the git-ignored env file (0600) and says where; a run
 * with request logging that uses tokens in headers and in `?token=` never prints a
 * plaintext token; and no file tracked by git contains a token created here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { parseEnvText } from '../../sync-server/auth/env-file';
import { ROOT, spawnServer, type ServerProcess } from '../support/server-process';

const dir = mkdtempSync(join(tmpdir(), 'arw-secrets-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('first start writes the admin token only to the env file; logs and tracked files never contain a token', async () => {
  const envFile = join(dir, '.env.local');
  const env: Record<string, string | undefined> = {
    ...process.env,
    ARW_DATA_DIR: join(dir, 'data'),
    ARW_ENV_FILE: envFile,
    ARW_LOG_REQUESTS: '1',
  };
  delete env.ARW_ADMIN_TOKEN;
  delete env.ARW_ADMIN_TOKEN_SHA256;
  server = await spawnServer(env);
  const url = `http://127.0.0.1:${server.port}`;
  const logsNow = () => server!.logs();
  expect(statSync(envFile).mode & 0o777).toBe(0o600);
  const admin = parseEnvText(readFileSync(envFile, 'utf8')).ARW_ADMIN_TOKEN!;
  expect(admin).toMatch(/^arw_/);
  expect(logsNow()).toContain(envFile);

  const created = (await (
    await fetch(`${url}/admin/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'leak-check', kind: 'sync', scopes: ['events:read'], projects: ['p1'] }),
    })
  ).json()) as { secret: string; token: { id: string } };
  expect((await fetch(`${url}/admin/tokens`, { headers: { 'x-arw-admin': admin } })).status).toBe(200);
  await fetch(`${url}/about?token=${created.secret}`);
  await fetch(`${url}/admin/tokens?token=${admin}`);
  await fetch(`${url}/admin/tokens`, { headers: { authorization: `Bearer ${created.secret}` } });
  await new Promise((r) => setTimeout(r, 200));

  const logs = logsNow();
  expect(logs).toContain('[redacted]');
  expect(logs).toMatch(/GET \/admin\/tokens 200/);
  for (const secret of [admin, created.secret]) {
    expect(logs.includes(secret), 'a plaintext token reached the logs').toBe(false);
    const grep = spawnSync('git', ['grep', '-l', '-F', secret], { cwd: ROOT, encoding: 'utf8' });
    expect(grep.stdout, 'a tracked file contains a token').toBe('');
  }
});
