export * from './ledger-rules';
export * from './accounting';
