export * from './errors';
export * from './roles';
export * from './fiscal-code';
export * from './pagination';
export * from './enti';
export * from './auth';
export * from './health';
export * from './suppliers';
