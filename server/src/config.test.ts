import { ConfigError, loadConfig } from './config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cit',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SESSION_SECRET: 'x'.repeat(32),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

it('applies defaults to a minimal valid environment', () => {
  const config = loadConfig(valid);
  expect(config).toMatchObject({ PORT: 3000, LOGIN_IP_MAX_FAILURES: 30, LOGIN_ACCOUNT_FREE_FAILURES: 5, PUBLIC_URL: 'http://localhost:3000' });
});

it('names each bad variable with a readable reason', () => {
  const problems = problemsOf({ ...valid, PORT: 'tremila', DATABASE_URL: 'mysql://x', SESSION_SECRET: 'corta' });
  expect(problems).toHaveLength(3);
  expect(problems.find((p) => p.startsWith('PORT:'))).toBeDefined();
  expect(problems).toContain('DATABASE_URL: deve iniziare con postgres:// o postgresql://');
  expect(problems).toContain('SESSION_SECRET: deve avere almeno 32 caratteri casuali');
});

it('says what is missing and how it should look', () => {
  const problems = problemsOf({ SESSION_SECRET: valid.SESSION_SECRET });
  expect(problems).toEqual([
    'DATABASE_URL: manca: indirizzo di PostgreSQL, es. postgres://utente@127.0.0.1:5432/cit',
    'REDIS_URL: manca: indirizzo di Redis, es. redis://127.0.0.1:6379',
  ]);
});

it('the error message lists every problem', () => {
  expect(() => loadConfig({ ...valid, LOG_LEVEL: 'loud' })).toThrow(/Configurazione non valida:\n {2}- LOG_LEVEL:/);
});

it('treats empty variables as unset', () => {
  expect(loadConfig({ ...valid, PORT: '' }).PORT).toBe(3000);
});

it('the PEC account is optional; a malformed one is named, never half-read', () => {
  expect(loadConfig(valid)).toMatchObject({ PEC_SMTP_URL: undefined, PEC_FROM: undefined });
  const pec = loadConfig({ ...valid, PEC_SMTP_URL: 'smtps://cit%40pec.example.it:segreta@smtps.pec.example.it:465', PEC_FROM: '"CIT" <cit@pec.example.it>' });
  expect(pec).toMatchObject({ PEC_SMTP_URL: 'smtps://cit%40pec.example.it:segreta@smtps.pec.example.it:465', PEC_FROM: '"CIT" <cit@pec.example.it>' });
  const problems = problemsOf({ ...valid, PEC_SMTP_URL: 'imap://pec.example.it', PEC_FROM: 'cit' });
  expect(problems.find((p) => p.startsWith('PEC_SMTP_URL: deve essere un indirizzo smtp:// o smtps://'))).toBeDefined();
  expect(problems.find((p) => p.startsWith('PEC_FROM: deve essere un indirizzo e-mail'))).toBeDefined();
});
