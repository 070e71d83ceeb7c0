/**
 * The git-ignored local env file (`.env.local`): read at start without overriding
 * the real environment, and appended to (mode 0600) when the first admin token is
 * generated. Values are never printed.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Parses `KEY=VALUE` lines (blank lines and `#` comments skipped, optional quotes). */
export function parseEnvText(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    out[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Copies variables from `path` into `env` where `env` has none; returns the names loaded. */
export function loadEnvFile(path: string, env: Record<string, string | undefined>): string[] {
  if (!existsSync(path)) return [];
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parseEnvText(readFileSync(path, 'utf8')))) {
    if (env[name] === undefined || env[name] === '') {
      env[name] = value;
      loaded.push(name);
    }
  }
  return loaded;
}

/** Appends `NAME=value` to `path` (created if needed) and makes the file owner-only (0600). */
export function appendEnvVar(path: string, name: string, value: string): void {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const separator = previous === '' || previous.endsWith('\n') ? '' : '\n';
  writeFileSync(
    path,
    `${previous}${separator}# written by ARW Hub on first start; keep this file out of git\n${name}=${value}\n`,
    { mode: 0o600 },
  );
  chmodSync(path, 0o600);
}
