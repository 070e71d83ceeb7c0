/** NATS subject naming (SPEC §6), shared by the sync server and connectors. */
export * from './subjects';
