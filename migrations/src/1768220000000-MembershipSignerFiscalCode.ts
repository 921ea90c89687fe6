import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: the signatory of a membership gains a codice fiscale (optional: the conventions imported from SoftwareCit
 * name the signatory only). When present, the approver's verdict matches a digital signature by it instead of by
 * name. The control letter is checked by the API (shared isValidPersonalFiscalCode); here only the shape.
 */
export class MembershipSignerFiscalCode1768220000000 implements MigrationInterface {
  name = 'MembershipSignerFiscalCode1768220000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE memberships ADD COLUMN signer_fiscal_code char(16) CHECK (signer_fiscal_code ~ '^[A-Z0-9]{16}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE memberships DROP COLUMN signer_fiscal_code`);
  }
}
