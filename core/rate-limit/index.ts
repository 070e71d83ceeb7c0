/** Rate limiting for the server (pure, clock injected). */
export * from './sliding-window';
