export * from './money';
export * from './catalog';
export * from './price-lists';
export * from './residents';
export * from './engine';
export * from './yearly-charges';
export * from './offer';
export * from './price-list-versions';
