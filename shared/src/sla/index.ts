export * from './calendar';
export * from './targets';
export * from './calendar-settings';
