/** The decision point (SPEC §3, §7): capabilities, scopes, the lease fold, the pure decision and `authorize`. */
export * from './capabilities';
export * from './decide';
export * from './decision-point';
export * from './judge';
export * from './leases';
export * from './scope';
export * from './types';
