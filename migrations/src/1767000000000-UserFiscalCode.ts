import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's codice fiscale on the account (issue 20): SPID/CIE logins are matched to users by it, and the signed-form
 * check compares it with the signer's. Optional (accounts made before it, suppliers' staff), unique when present.
 * The format (16 characters, control letter) is checked by the shared schema; the column keeps only the shape.
 */
export class UserFiscalCode1767000000000 implements MigrationInterface {
  name = 'UserFiscalCode1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN fiscal_code char(16) CHECK (fiscal_code ~ '^[A-Z0-9]{16}$')`);
    await q.query(`CREATE UNIQUE INDEX users_fiscal_code_key ON users (fiscal_code) WHERE fiscal_code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX users_fiscal_code_key`);
    await q.query(`ALTER TABLE users DROP COLUMN fiscal_code`);
  }
}
