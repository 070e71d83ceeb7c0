export * from './event-factory';
export * from './types';
export * from './validate-batch';
