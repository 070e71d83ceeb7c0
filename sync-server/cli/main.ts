/**
 * `arw` CLI (npm run arw -- …): token administration against the data directory's
 * SQLite store. `tokens create` prints the secret once (stdout only); `list` shows
 * hash prefixes; `rotate` and `revoke` by id. Usage: `arw tokens --help`.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TokenCreateBodySchema } from '../../spec/http';
import { createTokenStore } from '../auth/token-store';
import { createTokenService } from '../auth/tokens';
import { messageOf } from '../../core/errors/thrown';
import { DB_FILE_NAME, openServerDb } from '../storage/db';

const USAGE = `usage: arw tokens <create|list|rotate|revoke> [options]
  create --label <text> --scope <scope> [--scope …] [--kind admin|sync] [--project <id> …] [--expires-in <secs>] [--json]
  list [--json]
  rotate <id> [--json]
  revoke <id>
       arw vault export <file.arwvault>   (a vault of the data directory; see vault-export.ts)
  (data directory from ARW_DATA_DIR, default ./data)`;

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  out: (text: string) => void,
  err: (text: string) => void,
): number {
  const [group, command, ...rest] = argv;
  if (group !== 'tokens' || !command || command === '--help') {
    (group === 'tokens' || group === undefined ? out : err)(USAGE);
    return group === 'tokens' && command === '--help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      scope: { type: 'string', multiple: true },
      kind: { type: 'string' },
      project: { type: 'string', multiple: true },
      'expires-in': { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  let db;
  try {
    db = openServerDb(join(resolve(env.ARW_DATA_DIR || './data'), DB_FILE_NAME));
  } catch (error) {
    // A database newer than this code, or a failed (rolled back) schema migration.
    err(messageOf(error));
    return 1;
  }
  try {
    const tokens = createTokenService(createTokenStore(db), Date.now);
    if (command === 'create') {
      const parsed = TokenCreateBodySchema.safeParse({
        label: values.label,
        kind: values.kind ?? ((values.scope ?? []).every((s) => s.startsWith('admin:')) ? 'admin' : 'sync'),
        scopes: values.scope ?? [],
        ...(values.project ? { projects: values.project } : {}),
        ...(values['expires-in'] ? { expires_in_secs: Number(values['expires-in']) } : {}),
      });
      if (!parsed.success) {
        err(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'args')}: ${i.message}`).join('\n'));
        return 2;
      }
      const { record, secret } = tokens.create(parsed.data);
      out(
        values.json
          ? JSON.stringify({ id: record.id, secret })
          : `created ${record.id} (${record.kind}: ${record.scopes.join(' ')})\nsecret (shown once, store it now): ${secret}`,
      );
      return 0;
    }
    if (command === 'list') {
      const items = tokens.list();
      out(
        values.json
          ? JSON.stringify(items)
          : items
              .map(
                (t) =>
                  `${t.id}  ${t.kind.padEnd(5)}  ${t.hash_prefix}  ${t.revoked ? 'revoked' : 'active '}  ${t.label}  [${t.scopes.join(' ')}]${t.projects ? ` projects=${t.projects.join(',')}` : ''}`,
              )
              .join('\n') || '(no tokens)',
      );
      return 0;
    }
    const id = positionals[0];
    if ((command === 'rotate' || command === 'revoke') && id) {
      if (command === 'revoke') {
        if (!tokens.revoke(id)) return (err(`no active token ${id}`), 1);
        out(`revoked ${id}`);
        return 0;
      }
      const rotated = tokens.rotate(id);
      if (!rotated) return (err(`no active token ${id}`), 1);
      out(
        values.json
          ? JSON.stringify({ id: rotated.record.id, secret: rotated.secret })
          : `rotated ${id} → ${rotated.record.id}\nsecret (shown once): ${rotated.secret}`,
      );
      return 0;
    }
    err(USAGE);
    return 2;
  } finally {
    db.close();
  }
}

if (process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1]) && process.argv[2] === 'vault') {
  // The vault export streams (async); the token commands stay synchronous.
  void import('./vault-export').then(async ({ runVaultCli }) => {
    process.exitCode = await runVaultCli(
      process.argv.slice(3),
      process.env,
      (t) => console.log(t),
      (t) => console.error(t),
      process.env.npm_package_version ?? 'unknown',
    );
  });
} else if (process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1])) {
  process.exitCode = runCli(
    process.argv.slice(2),
    process.env,
    (t) => console.log(t),
    (t) => console.error(t),
  );
}
