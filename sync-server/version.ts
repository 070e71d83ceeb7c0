/** The server's version, read from package.json once at start. */
import { readFile } from 'node:fs/promises';

export async function readVersion(): Promise<string> {
  const url = new URL('../package.json', import.meta.url);
  const pkg = JSON.parse(await readFile(url, 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
