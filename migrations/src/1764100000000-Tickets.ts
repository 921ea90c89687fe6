import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets with their history, follow-ups and attachments; SLA targets; the per-year protocol counter;
 * the transactional outbox that carries side effects (live events, jobs, e-mail) after a commit.
 */
export class Tickets1764100000000 implements MigrationInterface {
  name = 'Tickets1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sla_targets (
        urgency              text PRIMARY KEY CHECK (urgency IN ('blocking', 'high', 'medium', 'low', 'very_low')),
        take_charge_minutes  integer NOT NULL CHECK (take_charge_minutes > 0),
        resolve_minutes      integer NOT NULL CHECK (resolve_minutes > 0),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        CHECK (resolve_minutes >= take_charge_minutes)
      )`);
    await q.query(`
      INSERT INTO sla_targets (urgency, take_charge_minutes, resolve_minutes) VALUES
        ('blocking', 60, 240), ('high', 120, 420), ('medium', 240, 840), ('low', 420, 2100), ('very_low', 840, 4200)`);

    // One row per year; the creating transaction increments it under a row lock, so numbers have no gaps
    // (a rolled-back ticket gives its number back) and are unique under any concurrency.
    await q.query(`
      CREATE TABLE ticket_protocol_counters (
        year  smallint PRIMARY KEY,
        last  integer NOT NULL CHECK (last >= 0)
      )`);

    await q.query(`
      CREATE TABLE tickets (
        id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        protocol_year          smallint NOT NULL,
        protocol_number        integer NOT NULL,
        ente_id                uuid NOT NULL REFERENCES enti (id),
        requester_id           uuid NOT NULL REFERENCES users (id),
        opened_by_id           uuid NOT NULL REFERENCES users (id),
        type                   text NOT NULL CHECK (type IN ('request', 'incident')),
        category               text NOT NULL CHECK (category IN ('assistance', 'activation', 'cancellation')),
        service_code           text,
        urgency                text NOT NULL REFERENCES sla_targets (urgency),
        title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description            text NOT NULL,
        status                 text NOT NULL DEFAULT 'new'
                               CHECK (status IN ('new', 'assigned', 'planned', 'pending', 'solved', 'closed', 'deleted')),
        return_status          text CHECK (return_status IN ('new', 'assigned', 'planned', 'pending', 'solved', 'closed')),
        assignee_id            uuid REFERENCES users (id),
        support_group          text,
        supplier_id            uuid REFERENCES suppliers (id),
        planned_for            timestamptz,
        pending_reason         text,
        solution               text,
        take_charge_minutes    integer NOT NULL,
        resolve_minutes        integer NOT NULL,
        take_charge_due        timestamptz,
        resolve_due            timestamptz,
        take_charge_remaining  integer,
        resolve_remaining      integer,
        taken_at               timestamptz,
        solved_at              timestamptz,
        closed_at              timestamptz,
        deleted_at             timestamptz,
        sla_state              text NOT NULL DEFAULT 'ok' CHECK (sla_state IN ('ok', 'at_risk', 'breached', 'paused', 'met')),
        -- Due instant of the clock running now (far future when none): the operators' queue sorts on it.
        queue_due              timestamptz NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now(),
        search                 tsvector GENERATED ALWAYS AS (
                                 setweight(to_tsvector('italian', title), 'A') || setweight(to_tsvector('italian', description), 'B')
                               ) STORED,
        CHECK (category = 'assistance' OR service_code IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX tickets_protocol_key ON tickets (protocol_year, protocol_number)`);
    // Keyset pages of the queue: staff (all Enti) and Ente users (their Enti) by SLA due or by date.
    await q.query(`CREATE INDEX tickets_queue_idx ON tickets (queue_due, id) WHERE status <> 'deleted'`);
    await q.query(`CREATE INDEX tickets_created_idx ON tickets (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tickets_ente_created_idx ON tickets (ente_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tickets_status_idx ON tickets (status)`);
    await q.query(`CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, status) WHERE assignee_id IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_supplier_idx ON tickets (supplier_id, created_at DESC) WHERE supplier_id IS NOT NULL`);
    await q.query(`CREATE INDEX tickets_sla_idx ON tickets (sla_state) WHERE status IN ('new', 'assigned', 'planned')`);
    await q.query(`CREATE INDEX tickets_solved_idx ON tickets (solved_at) WHERE status = 'solved'`);
    await q.query(`CREATE INDEX tickets_search_idx ON tickets USING gin (search)`);

    await q.query(`
      CREATE TABLE ticket_followups (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        author_id   uuid NOT NULL REFERENCES users (id),
        body        text NOT NULL,
        is_private  boolean NOT NULL DEFAULT false,
        created_at  timestamptz NOT NULL DEFAULT now(),
        search      tsvector GENERATED ALWAYS AS (to_tsvector('italian', body)) STORED
      )`);
    await q.query(`CREATE INDEX ticket_followups_ticket_idx ON ticket_followups (ticket_id, created_at)`);
    await q.query(`CREATE INDEX ticket_followups_search_idx ON ticket_followups USING gin (search)`);

    await q.query(`
      CREATE TABLE ticket_attachments (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id    uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        followup_id  uuid REFERENCES ticket_followups (id) ON DELETE SET NULL,
        sha256       char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size         integer NOT NULL CHECK (size >= 0),
        mime         text NOT NULL,
        kind         text NOT NULL CHECK (kind IN ('pdf', 'signed_p7m', 'image', 'office', 'text')),
        file_name    text NOT NULL,
        uploaded_by  uuid NOT NULL REFERENCES users (id),
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ticket_attachments_ticket_idx ON ticket_attachments (ticket_id, created_at)`);

    await q.query(`
      CREATE TABLE ticket_history (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        actor_id    uuid REFERENCES users (id),
        at          timestamptz NOT NULL DEFAULT now(),
        field       text NOT NULL,
        from_value  text,
        to_value    text
      )`);
    await q.query(`CREATE INDEX ticket_history_ticket_idx ON ticket_history (ticket_id, id)`);

    await q.query(`
      CREATE TABLE outbox (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic         text NOT NULL,
        payload       jsonb NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        available_at  timestamptz NOT NULL DEFAULT now(),
        attempts      integer NOT NULL DEFAULT 0,
        last_error    text,
        done_at       timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (available_at, id) WHERE done_at IS NULL`);
    // Wakes the dispatchers at commit time instead of making them poll hard.
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
    await q.query(`DROP TABLE ticket_history`);
    await q.query(`DROP TABLE ticket_attachments`);
    await q.query(`DROP TABLE ticket_followups`);
    await q.query(`DROP TABLE tickets`);
    await q.query(`DROP TABLE ticket_protocol_counters`);
    await q.query(`DROP TABLE sla_targets`);
  }
}
