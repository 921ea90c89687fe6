export * from './lifecycle';
export * from './schemas';
export * from './sla-clock';
