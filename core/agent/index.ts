/** The agent: model interface, probe model and planner, tools, and the episode loop. */
export * from './abort';
export * from './arithmetic';
export * from './model';
export * from './probe-model';
export * from './probe-plan';
export * from './probe-reply';
export * from './run-episode';
export * from './token-batcher';
export * from './tools';
