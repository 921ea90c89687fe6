import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail: the outgoing mail log (one row per recipient and event, idempotent through dedup_key), ticket
 * followers, the users' opt-out of non-essential mail, satisfaction surveys and the development mail catcher.
 */
export class Notifications1764300000000 implements MigrationInterface {
  name = 'Notifications1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN mail_opt_out boolean NOT NULL DEFAULT false`);

    await q.query(`
      CREATE TABLE outgoing_mails (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedup_key          text NOT NULL,
        ticket_id          uuid REFERENCES tickets (id) ON DELETE CASCADE,
        recipient_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
        template           text NOT NULL,
        to_address         text NOT NULL,
        reply_to           text,
        subject            text NOT NULL,
        text               text NOT NULL,
        html               text NOT NULL,
        message_id         text NOT NULL,
        in_reply_to        text,
        "references"       text,
        status             text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
        attempts           integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error         text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        sent_at            timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX outgoing_mails_dedup_key ON outgoing_mails (dedup_key)`);
    await q.query(`CREATE INDEX outgoing_mails_ticket_idx ON outgoing_mails (ticket_id, created_at)`);
    await q.query(`CREATE INDEX outgoing_mails_status_idx ON outgoing_mails (status, created_at) WHERE status <> 'sent'`);

    // Reply-To tokens are short (an address local part has 64 characters at most): the ticket and user live here.
    await q.query(`
      CREATE TABLE mail_reply_tokens (
        token       text PRIMARY KEY,
        ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE ticket_followers (
        ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, user_id)
      )`);
    await q.query(`CREATE INDEX ticket_followers_user_idx ON ticket_followers (user_id)`);

    // One answer per ticket; service, operator and Ente are copied at close time so the stats stay stable.
    await q.query(`
      CREATE TABLE ticket_surveys (
        ticket_id     uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        ente_id       uuid NOT NULL REFERENCES enti (id),
        service_code  text,
        operator_id   uuid REFERENCES users (id) ON DELETE SET NULL,
        score         smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment       text CHECK (comment IS NULL OR length(comment) <= 4000),
        answered_at   timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ticket_surveys_answered_idx ON ticket_surveys (answered_at)`);

    await q.query(`
      CREATE TABLE inbound_mail_log (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at  timestamptz NOT NULL DEFAULT now(),
        mail_from    text,
        rcpt_to      text,
        ticket_id    uuid REFERENCES tickets (id) ON DELETE SET NULL,
        user_id      uuid REFERENCES users (id) ON DELETE SET NULL,
        followup_id  uuid REFERENCES ticket_followups (id) ON DELETE SET NULL,
        outcome      text NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
        reason       text
      )`);

    await q.query(`
      CREATE TABLE dev_caught_mails (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        received_at  timestamptz NOT NULL DEFAULT now(),
        mail_from    text,
        rcpt_to      text[] NOT NULL DEFAULT '{}',
        subject      text,
        text         text,
        html         text,
        headers      jsonb NOT NULL DEFAULT '{}'
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dev_caught_mails`);
    await q.query(`DROP TABLE inbound_mail_log`);
    await q.query(`DROP TABLE ticket_surveys`);
    await q.query(`DROP TABLE ticket_followers`);
    await q.query(`DROP TABLE mail_reply_tokens`);
    await q.query(`DROP TABLE outgoing_mails`);
    await q.query(`ALTER TABLE users DROP COLUMN mail_opt_out`);
  }
}
