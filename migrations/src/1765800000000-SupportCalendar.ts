import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The support calendar as data the CIT edits (until now a constant in code plus SLA_EXTRA_HOLIDAYS): one row with
 * the working days, the opening hours, the country whose public holidays close the desk and the patron's day, and
 * the extra closures, either one-off (24 December 2027) or on the same day every year. `version` changes with every
 * edit, closures included: each process compares it to the calendar it computes with (see CalendarSource).
 * Seeded with the Brescia calendar: Monday to Friday 9-13 and 14-17, Italian holidays, Santi Faustino e Giovita.
 * The SLA targets, edited on the same page, get their optimistic version too.
 */
export class SupportCalendar1765800000000 implements MigrationInterface {
  name = 'SupportCalendar1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE support_calendar (
        id            smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        time_zone     text NOT NULL,
        country       text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        working_days  smallint[] NOT NULL CHECK (cardinality(working_days) BETWEEN 1 AND 7 AND working_days <@ '{1,2,3,4,5,6,7}'),
        hours         jsonb NOT NULL CHECK (jsonb_typeof(hours) = 'array' AND jsonb_array_length(hours) > 0),
        patron_day    text CHECK (patron_day ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
        version       integer NOT NULL DEFAULT 0 CHECK (version >= 0),
        updated_at    timestamptz,
        updated_by    uuid REFERENCES users (id)
      )`);
    await q.query(`
      INSERT INTO support_calendar (time_zone, country, working_days, hours, patron_day)
      VALUES ('Europe/Rome', 'IT', '{1,2,3,4,5}', '[["09:00", "13:00"], ["14:00", "17:00"]]', '02-15')`);
    await q.query(`
      CREATE TABLE calendar_closures (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        on_date     date UNIQUE,
        every_year  text UNIQUE CHECK (every_year ~ '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
        reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 200),
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  uuid REFERENCES users (id),
        CHECK ((on_date IS NULL) <> (every_year IS NULL))
      )`);
    await q.query(`ALTER TABLE sla_targets ADD COLUMN version integer NOT NULL DEFAULT 0 CHECK (version >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE sla_targets DROP COLUMN version`);
    await q.query(`DROP TABLE calendar_closures`);
    await q.query(`DROP TABLE support_calendar`);
  }
}
