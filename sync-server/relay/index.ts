/** The Yjs relay and its upgrade handler: what the composition root wires. */
export { createUpgradeHandler, docNameFromPath, type AuthResult, type UpgradeHandler, type UpgradeHandlerOptions } from './upgrade';
export { createYjsRelay } from './yjs-relay';
export type { RelayLog, RelayPrincipal, UpdateListener, UpdateOrigin, YjsRelay, YjsRelayOptions } from './types';
