import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approvals on activation/cancellation tickets, service records and billing entries.
 * Idempotency lives in unique keys: one record per (ticket, unit), one billing entry per source key, so a job
 * that runs twice cannot create anything twice.
 */
export class Services1764200000000 implements MigrationInterface {
  name = 'Services1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tickets
        ADD COLUMN service_variant  text,
        ADD COLUMN quantity         integer NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 100),
        ADD COLUMN unit_labels      text[] NOT NULL DEFAULT '{}',
        ADD COLUMN target_record_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN approval_state   text NOT NULL DEFAULT 'none' CHECK (approval_state IN ('none', 'requested', 'approved', 'rejected')),
        ADD COLUMN approval_reason  text,
        ADD COLUMN approved_by      uuid REFERENCES users (id),
        ADD COLUMN approved_at      timestamptz,
        ADD COLUMN applied_at       timestamptz`);
    await q.query(`UPDATE tickets SET approval_state = 'requested' WHERE category <> 'assistance'`);
    await q.query(`CREATE INDEX tickets_approval_idx ON tickets (approval_state, created_at) WHERE approval_state = 'requested'`);
    await q.query(`ALTER TABLE ticket_attachments ADD COLUMN signed_form_check jsonb`);

    await q.query(`
      CREATE TABLE service_records (
        id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ente_id                   uuid NOT NULL REFERENCES enti (id),
        payer_ente_id             uuid NOT NULL REFERENCES enti (id),
        service_code              text NOT NULL,
        variant                   text,
        unit_index                integer NOT NULL CHECK (unit_index >= 1),
        unit_label                text,
        convention_period         text NOT NULL REFERENCES convention_periods (code),
        request_ticket_id         uuid NOT NULL REFERENCES tickets (id),
        request_unit              integer NOT NULL CHECK (request_unit >= 1),
        request_date              date NOT NULL,
        protocol                  text NOT NULL,
        referent_name             text NOT NULL,
        referent_email            text NOT NULL,
        form_attachment_id        uuid REFERENCES ticket_attachments (id),
        fee_type                  text NOT NULL CHECK (fee_type IN ('annual', 'one_off', 'usage', 'none')),
        free                      boolean NOT NULL,
        free_reason               text NOT NULL,
        starts_on                 date NOT NULL,
        ends_on                   date,
        annual_cents              integer CHECK (annual_cents >= 0),
        vat_status                text NOT NULL DEFAULT 'esente',
        supplier_id               uuid REFERENCES suppliers (id),
        notes                     text,
        cancellation_ticket_id    uuid REFERENCES tickets (id),
        cancellation_protocol     text,
        cancellation_requested_on date,
        created_at                timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX service_records_request_key ON service_records (request_ticket_id, request_unit)`);
    await q.query(`CREATE INDEX service_records_ente_idx ON service_records (ente_id, service_code, convention_period)`);
    await q.query(`CREATE INDEX service_records_payer_idx ON service_records (payer_ente_id)`);
    await q.query(`CREATE INDEX service_records_ends_idx ON service_records (ends_on) WHERE ends_on IS NOT NULL`);

    await q.query(`
      CREATE TABLE billing_entries (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source_key         text NOT NULL,
        ente_id            uuid NOT NULL REFERENCES enti (id),
        payer_ente_id      uuid NOT NULL REFERENCES enti (id),
        service_record_id  uuid REFERENCES service_records (id),
        kind               text NOT NULL CHECK (kind IN ('activation', 'annual', 'one_off', 'usage', 'quota')),
        service_code       text,
        year               smallint NOT NULL,
        half               smallint CHECK (half IN (1, 2)),
        description        text NOT NULL,
        amount_cents       integer NOT NULL CHECK (amount_cents >= 0),
        status             text NOT NULL DEFAULT 'assessed' CHECK (status IN ('assessed', 'collected')),
        act_reference      text,
        due_on             date,
        created_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX billing_entries_source_key ON billing_entries (source_key)`);
    await q.query(`CREATE INDEX billing_entries_ente_idx ON billing_entries (ente_id, year)`);
    await q.query(`CREATE INDEX billing_entries_payer_idx ON billing_entries (payer_ente_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing_entries`);
    await q.query(`DROP TABLE service_records`);
    await q.query(`ALTER TABLE ticket_attachments DROP COLUMN signed_form_check`);
    await q.query(`DROP INDEX tickets_approval_idx`);
    await q.query(`
      ALTER TABLE tickets DROP COLUMN service_variant, DROP COLUMN quantity, DROP COLUMN unit_labels,
        DROP COLUMN target_record_ids, DROP COLUMN approval_state, DROP COLUMN approval_reason,
        DROP COLUMN approved_by, DROP COLUMN approved_at, DROP COLUMN applied_at`);
  }
}
