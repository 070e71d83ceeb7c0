/** The agent: model interface, probe model and planner, tools, the episode loop, the tool loop and workflows. */
export * from './abort';
export * from './arithmetic';
export * from './episode-input';
export * from './episode-scope';
export * from './model';
export * from './probe-model';
export * from './probe-plan';
export * from './probe-reply';
export * from './prompt-tally';
export * from './run-episode';
export * from './token-batcher';
export * from './tool-loop';
export * from './tool-step';
export * from './tools';
export * from './workflow';
