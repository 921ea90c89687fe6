export * from './calendar';
export * from './targets';
