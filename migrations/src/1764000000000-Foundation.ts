import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enti, convention memberships, suppliers, users and HTTP sessions.
 * Enumerations are text + CHECK rather than PostgreSQL enums so that adding a value is a plain migration.
 */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE convention_periods (
        code       text PRIMARY KEY CHECK (code ~ '^[0-9]{4}-[0-9]{4}$'),
        starts_on  date NOT NULL,
        ends_on    date NOT NULL,
        CHECK (ends_on > starts_on)
      )`);
    await q.query(`
      INSERT INTO convention_periods (code, starts_on, ends_on) VALUES
        ('2021-2025', '2021-01-01', '2025-12-31'),
        ('2026-2030', '2026-01-01', '2030-12-31')`);

    await q.query(`
      CREATE TABLE enti (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name           text NOT NULL CHECK (length(btrim(name)) > 0),
        kind           text NOT NULL CHECK (kind IN ('comune', 'comune_capoluogo', 'comunita_montana', 'unione_comuni',
                                                     'consorzio', 'azienda_speciale', 'ente_non_territoriale')),
        fiscal_code    char(11) NOT NULL CHECK (fiscal_code ~ '^[0-9]{11}$'),
        pec            text,
        capofila_id    uuid REFERENCES enti (id) ON DELETE RESTRICT,
        capofila_pays  boolean NOT NULL DEFAULT false,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (capofila_id IS DISTINCT FROM id),
        CHECK (NOT capofila_pays OR capofila_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX enti_fiscal_code_key ON enti (fiscal_code)`);
    await q.query(`CREATE UNIQUE INDEX enti_name_key ON enti (lower(name))`);
    await q.query(`CREATE INDEX enti_capofila_idx ON enti (capofila_id) WHERE capofila_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE ente_population (
        ente_id     uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        as_of_year  smallint NOT NULL CHECK (as_of_year BETWEEN 1990 AND 2200),
        residents   integer NOT NULL CHECK (residents >= 0),
        businesses  integer NOT NULL CHECK (businesses >= 0),
        PRIMARY KEY (ente_id, as_of_year)
      )`);

    await q.query(`
      CREATE TABLE memberships (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ente_id            uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        period_code        text NOT NULL REFERENCES convention_periods (code),
        signed_on          date NOT NULL,
        resolution_number  text NOT NULL,
        resolution_date    date NOT NULL,
        signer             text NOT NULL,
        recorded_quota     numeric(12, 2) CHECK (recorded_quota >= 0),
        created_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT memberships_ente_period_key UNIQUE (ente_id, period_code)
      )`);

    await q.query(`
      CREATE TABLE suppliers (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name        text NOT NULL CHECK (length(btrim(name)) > 0),
        vat_number  char(11) CHECK (vat_number ~ '^[0-9]{11}$'),
        email       text,
        phone       text,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX suppliers_name_key ON suppliers (lower(name))`);

    await q.query(`
      CREATE TABLE users (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email          text NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        name           text NOT NULL CHECK (length(btrim(name)) > 0),
        role           text NOT NULL CHECK (role IN ('ente_user', 'capofila_user', 'operator', 'approver',
                                                     'supplier_user', 'admin')),
        language       text NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en')),
        password_hash  text,
        supplier_id    uuid REFERENCES suppliers (id) ON DELETE RESTRICT,
        disabled_at    timestamptz,
        failed_logins  integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
        locked_until   timestamptz,
        last_login_at  timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'supplier_user') = (supplier_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);
    await q.query(`CREATE INDEX users_supplier_idx ON users (supplier_id) WHERE supplier_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE user_enti (
        user_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        ente_id  uuid NOT NULL REFERENCES enti (id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, ente_id)
      )`);
    await q.query(`CREATE INDEX user_enti_ente_idx ON user_enti (ente_id)`);

    // Layout required by connect-pg-simple; user_id is derived so that all sessions of a user can be ended at once.
    await q.query(`
      CREATE TABLE http_sessions (
        sid      varchar NOT NULL PRIMARY KEY,
        sess     json NOT NULL,
        expire   timestamp(6) NOT NULL,
        user_id  uuid GENERATED ALWAYS AS (CAST(sess ->> 'userId' AS uuid)) STORED
      )`);
    await q.query(`CREATE INDEX http_sessions_expire_idx ON http_sessions (expire)`);
    await q.query(`CREATE INDEX http_sessions_user_idx ON http_sessions (user_id) WHERE user_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['http_sessions', 'user_enti', 'users', 'suppliers', 'memberships', 'ente_population', 'enti', 'convention_periods']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
