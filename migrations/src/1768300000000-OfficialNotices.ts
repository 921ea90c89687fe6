import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Official notices by PEC (issue 21, point 3): one row per act (an approval, a rejection, a half-year statement)
 * sent to the Ente's PEC address through the CIT's PEC account. The row carries the Message-ID that the provider's
 * receipts quote in daticert.xml, and its status follows them (sent → accepted → delivered, or failed). A notice
 * that cannot be sent (no PEC address, no PEC account configured) is recorded as such, never skipped.
 * Receipts (pec_receipts) point to the notice they certify.
 */
export class OfficialNotices1768300000000 implements MigrationInterface {
  name = 'OfficialNotices1768300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE official_notices (
        id            uuid PRIMARY KEY,
        act_key       text NOT NULL UNIQUE,
        act           text NOT NULL CHECK (act IN ('approval', 'rejection', 'statement')),
        ente_id       uuid NOT NULL REFERENCES enti (id),
        ticket_id     uuid REFERENCES tickets (id) ON DELETE SET NULL,
        statement_id  uuid REFERENCES statements (id) ON DELETE SET NULL,
        to_address    text,
        subject       text NOT NULL,
        text          text NOT NULL,
        html          text NOT NULL,
        message_id    text NOT NULL UNIQUE,
        status        text NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'not_sendable', 'sent', 'accepted', 'delivered', 'failed')),
        reason        text,
        attempts      integer NOT NULL DEFAULT 0,
        last_error    text,
        created_at    timestamptz NOT NULL DEFAULT now(),
        sent_at       timestamptz,
        accepted_at   timestamptz,
        delivered_at  timestamptz,
        failed_at     timestamptz,
        CHECK (status <> 'queued' OR to_address IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX official_notices_status_idx ON official_notices (status, created_at DESC)`);
    await q.query(`CREATE INDEX official_notices_ticket_idx ON official_notices (ticket_id) WHERE ticket_id IS NOT NULL`);
    await q.query(`ALTER TABLE pec_receipts ADD COLUMN official_notice_id uuid REFERENCES official_notices (id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pec_receipts DROP COLUMN official_notice_id`);
    await q.query(`DROP TABLE official_notices`);
  }
}
