import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'coverage/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Route modules read data only through ScopedDb (req.auth.db), so tenant isolation cannot be skipped.
    files: ['server/src/**/*.routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name=/^(getRepository|createQueryBuilder|query|manager)$/][object.name!='auth']",
          message: 'Le route leggono i dati solo tramite auth.db (ScopedDb): l’isolamento tra Enti vive lì.',
        },
      ],
    },
  },
  {
    // One writer per table, and SQL in each domain's repository files: the request and record modules (and the
    // ledger) reach PostgreSQL only through their *.repository.ts files.
    // The demo seed of the Enti is a loading command (like a migration), not a writer of the domain.
    files: [
      'server/src/service-requests/**/*.ts',
      'server/src/service-records/**/*.ts',
      'server/src/billing/ledger/**/*.ts',
      'server/src/support-calendar/**/*.ts',
      'server/src/sla/**/*.ts',
      'server/src/audit/**/*.ts',
      'server/src/enti/**/*.ts',
      'server/src/price-lists/**/*.ts',
      'server/src/moone-import/**/*.ts',
      'server/src/views/**/*.ts',
      'server/src/support-groups/**/*.ts',
      'server/src/routing-rules/**/*.ts',
      'server/src/retriage/**/*.ts',
      'server/src/billing/statements/generate.ts',
      'server/src/billing/statements/payment-settings.ts',
      'server/src/public-pages/**/*.ts',
      'server/src/notifications/inbound*.ts',
      'server/src/ente-home/**/*.ts',
    ],
    ignores: ['**/*.repository.ts', '**/*.test.ts', '**/*.routes.ts', 'server/src/enti/seed/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='query']",
          message: 'Le query SQL stanno nei file *.repository.ts del dominio.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'server/test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
