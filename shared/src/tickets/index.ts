export * from './lifecycle';
export * from './schemas';
export * from './sla-clock';
export * from './views';
export * from './routing';
export * from './retriage';
