export * from './ledger-rules';
export * from './accounting';
export * from './renewals';
export * from './statement-balance';
