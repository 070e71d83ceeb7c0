/** The Yjs relay and its document names: what the composition root wires. */
export { parseDocName, projectOfDoc } from './doc-name';
export { createYjsRelay } from './yjs-relay';
export type { RelayPrincipal, UpdateListener, UpdateOrigin, YjsRelay, YjsRelayOptions } from './types';
