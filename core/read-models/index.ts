/** The read-models of the journal (SPEC E4, E5), and one call that builds them all (models.ts). */
export * from './beliefs';
export * from './chat-turns';
export * from './episodes';
export * from './models';
export * from './order';
export * from './recent-ids';
export * from './reply-text';
export * from './snapshot';
export * from './stages';
export * from './types';
