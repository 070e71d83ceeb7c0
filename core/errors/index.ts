export * from './app-error';
export * from './catalog';
export * from './note';
export * from './thrown';
