/** The contract: everything other folders may import from `spec/`. */
export * from './envelope';
export * from './kinds';
export * from './limits';
export * from './validate';
export * from './vocabulary';
export * from './artifacts';
export * from './sync-protocol';
