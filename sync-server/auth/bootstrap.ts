/**
 * First start: when no admin token is preset (env) and none is stored, generate one,
 * write it to the git-ignored env file (0600) and say only where it is. Returns the
 * SHA-256 digests the authenticator should accept as env-preset admin tokens.
 */
import { appendEnvVar } from './env-file';
import { generateSecret, sha256Hex } from './secrets';
import type { TokenStore } from './token-store';

export interface BootstrapInput {
  adminToken?: string | undefined;
  adminTokenSha256?: string | undefined;
  store: TokenStore;
  envFile: string;
  now: number;
  /** Where to say what happened; receives no secrets. */
  log: (line: string) => void;
}

/** Digests of the preset admin tokens, generating and persisting one when there is none. */
export function bootstrapAdminToken(input: BootstrapInput): string[] {
  const digests: string[] = [];
  if (input.adminToken) digests.push(sha256Hex(input.adminToken));
  if (input.adminTokenSha256) digests.push(input.adminTokenSha256);
  if (digests.length > 0 || input.store.hasActiveAdmin(input.now)) return digests;
  const secret = generateSecret();
  appendEnvVar(input.envFile, 'ARW_ADMIN_TOKEN', secret);
  input.log(
    `No admin token was configured: a new one was written to ${input.envFile} (ARW_ADMIN_TOKEN, mode 0600). Keep that file private.`,
  );
  return [sha256Hex(secret)];
}
