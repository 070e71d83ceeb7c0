/** Gating keys: the deny-only evaluator shared by server and app. */
export * from './deny-list';
