export * from './ledger-rules';
