/** Pure replication logic shared by the sync server and the browser sync client. */
export * from './cursors';
export * from './filters';
export * from './outbox';
export * from './sse';
export * from './query';
