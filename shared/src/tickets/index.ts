export * from './lifecycle';
export * from './schemas';
export * from './sla-clock';
export * from './views';
export * from './canned-replies';
export * from './links';
export * from './bulk';
export * from './testing';
