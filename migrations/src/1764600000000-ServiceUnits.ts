import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A unit number (the 4th PEC box) exists once per Ente, service and convention: the last guard against double allowances. */
export class ServiceUnits1764600000000 implements MigrationInterface {
  name = 'ServiceUnits1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX service_records_unit_key ON service_records (ente_id, service_code, convention_period, unit_index)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX service_records_unit_key`);
  }
}
