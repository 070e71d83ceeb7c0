export * from './app-error';
export * from './catalog';
