import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What SoftwareCit kept on each assessed amount (kit del riuso, A5.3 «Accertamenti»): the budget chapter
 * (capitolo) and the assessment act (accertamento: number and date). The outstanding amount (residuo) is not
 * stored: an entry is collected in full, so it is the amount while assessed and 0 once collected.
 * Accounting imports are recorded in data_imports like the collections.
 */
export class BillingAccounting1765300000000 implements MigrationInterface {
  name = 'BillingAccounting1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE billing_entries
        ADD COLUMN budget_chapter     text CHECK (char_length(budget_chapter) BETWEEN 1 AND 200),
        ADD COLUMN assessment_number  text CHECK (char_length(assessment_number) BETWEEN 1 AND 40),
        ADD COLUMN assessment_date    date,
        ADD COLUMN accounting_by      uuid REFERENCES users (id),
        ADD COLUMN accounting_at      timestamptz,
        ADD CONSTRAINT billing_entries_assessment_check CHECK ((assessment_number IS NULL) = (assessment_date IS NULL))`);
    await q.query(`ALTER TABLE data_imports DROP CONSTRAINT data_imports_kind_check`);
    await q.query(`ALTER TABLE data_imports ADD CONSTRAINT data_imports_kind_check CHECK (kind IN ('telemaco_usage', 'collections', 'accounting'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM data_imports WHERE kind = 'accounting'`);
    await q.query(`ALTER TABLE data_imports DROP CONSTRAINT data_imports_kind_check`);
    await q.query(`ALTER TABLE data_imports ADD CONSTRAINT data_imports_kind_check CHECK (kind IN ('telemaco_usage', 'collections'))`);
    await q.query(`
      ALTER TABLE billing_entries
        DROP CONSTRAINT billing_entries_assessment_check,
        DROP COLUMN budget_chapter, DROP COLUMN assessment_number, DROP COLUMN assessment_date,
        DROP COLUMN accounting_by, DROP COLUMN accounting_at`);
  }
}
