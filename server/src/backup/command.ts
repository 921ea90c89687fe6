import { ConfigError } from '../config';

export function commandArg(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

export function databaseUrlFromEnv(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) throw new ConfigError(['DATABASE_URL: manca: indirizzo di PostgreSQL, es. postgres://utente@127.0.0.1:5432/cit']);
  return url;
}

/** Runs a command's body; a configuration problem prints its message only, anything else its stack. Exit code 1 on failure. */
export function runCommand(body: (argv: string[]) => Promise<void>): void {
  body(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof ConfigError ? err.message : err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
