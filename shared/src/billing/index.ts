export * from './ledger-rules';
export * from './renewals';
