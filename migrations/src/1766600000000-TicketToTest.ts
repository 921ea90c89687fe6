import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'new', 'assigned', 'planned', 'pending', 'solved', 'closed'`;
const AFTER = `'new', 'assigned', 'planned', 'pending', 'to_test', 'solved', 'closed'`;

/**
 * MoOne's «Da testare» as a status of its own (`to_test`): a fix delivered that waits for the Ente's confirmation.
 * Only the CHECK constraints change; the status counts (ticket_status_counts/_totals) are keyed by the status text,
 * so their triggers count the new state without a change.
 */
export class TicketToTest1766600000000 implements MigrationInterface {
  name = 'TicketToTest1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_status_check, DROP CONSTRAINT tickets_return_status_check`);
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_status_check CHECK (status IN (${AFTER}, 'deleted')),
                   ADD CONSTRAINT tickets_return_status_check CHECK (return_status IN (${AFTER}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // A ticket waiting for its test goes back to what it was before this state existed: waiting for the Ente.
    await q.query(`UPDATE tickets SET status = 'pending', return_status = 'assigned' WHERE status = 'to_test'`);
    await q.query(`UPDATE tickets SET return_status = 'assigned' WHERE return_status = 'to_test'`);
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_status_check, DROP CONSTRAINT tickets_return_status_check`);
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_status_check CHECK (status IN (${BEFORE}, 'deleted')),
                   ADD CONSTRAINT tickets_return_status_check CHECK (return_status IN (${BEFORE}))`);
  }
}
