/**
 * Auth for the sync server, usable from Hono routes and from raw WebSocket upgrades:
 * `authenticate(token)` → principal | failure, `decideAccess(...)` → gate + gating.
 */
export * from './access';
export * from './authenticate';
export * from './bootstrap';
export * from './env-file';
export * from './request-token';
export * from './secrets';
export * from './token-store';
export * from './tokens';
