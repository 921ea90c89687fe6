import { types as pgTypes } from 'pg';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from '@cit/migrations';
import { entities } from './entities';

export interface DbOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

/** The schema is owned by the reviewed migrations in `migrations/`; TypeORM never synchronizes it. */
// A SQL date is a calendar day, not an instant: keep it as 'YYYY-MM-DD' instead of a Date at local midnight,
// which would shift it by the server's time zone.
pgTypes.setTypeParser(pgTypes.builtins.DATE, (value: string) => value);

export function createDataSource({ url, poolSize = 10, applicationName = 'cit' }: DbOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize,
    applicationName,
    extra: {
      connectionTimeoutMillis: 5_000,
      // A query stuck behind a lock should fail the request, not hang it.
      statement_timeout: 30_000,
      idle_in_transaction_session_timeout: 60_000,
      // JIT compiles a plan's expressions when its estimated cost is high, which a full-text search over 10M tickets
      // always is: tens to hundreds of ms of compilation for a query that runs in tens. Our queries are short.
      options: '-c jit=off',
    },
  });
}

export async function migrate(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
