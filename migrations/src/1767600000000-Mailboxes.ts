import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every audited entity once this migration has run (the union as of issue 21's branch), written out. */
const AUDITED = [
  'enti',
  'ente_population',
  'memberships',
  'price_lists',
  'support_calendar',
  'users',
  'sla_targets',
  'support_groups',
  'routing_rules',
  'login_throttle',
  'sessions',
  'personal_data',
  'payment_settings',
  'statements',
  'mailboxes',
  'unassigned_mails',
];
const MINE = ['mailboxes', 'unassigned_mails'];

/**
 * Mailboxes over IMAP (issue 21): the CIT's ordinary and PEC mailboxes the product follows, every message it has
 * taken from them (once per mailbox, UIDVALIDITY and UID: the record that makes processing idempotent across
 * restarts), the messages nobody could be matched to (the «posta non assegnata» list), and the PEC receipts.
 * Tickets gain the channel `pec`; the bell gains `pec_failed` (a PEC the product sent was not delivered).
 */
export class Mailboxes1767600000000 implements MigrationInterface {
  name = 'Mailboxes1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_channel_check`);
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (channel IN ('web', 'phone', 'email', 'import', 'pec'))`);
    await q.query(`ALTER TABLE app_notifications DROP CONSTRAINT app_notifications_kind_check`);
    await q.query(
      `ALTER TABLE app_notifications ADD CONSTRAINT app_notifications_kind_check
         CHECK (kind IN ('new_ticket', 'reply', 'sla', 'approval', 'to_test', 'assigned', 'pec_failed'))`,
    );
    await q.query(`
      CREATE TABLE mailboxes (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 80),
        kind           text NOT NULL CHECK (kind IN ('ordinary', 'pec')),
        host           text NOT NULL CHECK (char_length(host) BETWEEN 1 AND 253),
        port           integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        tls            boolean NOT NULL,
        username       text NOT NULL CHECK (char_length(username) BETWEEN 1 AND 254),
        secret_enc     text NOT NULL,
        folder         text NOT NULL DEFAULT 'INBOX',
        done_folder    text,
        default_group  text REFERENCES support_groups (key),
        default_type   text NOT NULL DEFAULT 'request' CHECK (default_type IN ('request', 'incident')),
        active         boolean NOT NULL DEFAULT true,
        last_error     text,
        last_sync_at   timestamptz,
        version        integer NOT NULL DEFAULT 0,
        updated_by     uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX mailboxes_name_key ON mailboxes (lower(name))`);
    await q.query(`
      CREATE TABLE mailbox_messages (
        mailbox_id   uuid NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
        uidvalidity  bigint NOT NULL,
        uid          bigint NOT NULL,
        message_id   text,
        sender       text,
        state        text NOT NULL DEFAULT 'processing' CHECK (state IN ('processing', 'done')),
        outcome      text CHECK (outcome IN ('followup', 'ticket', 'unassigned', 'ignored', 'receipt', 'throttled', 'duplicate')),
        ticket_id    uuid REFERENCES tickets (id) ON DELETE SET NULL,
        reason       text,
        claimed_at   timestamptz NOT NULL DEFAULT now(),
        done_at      timestamptz,
        PRIMARY KEY (mailbox_id, uidvalidity, uid)
      )`);
    await q.query(`CREATE INDEX mailbox_messages_message_id_idx ON mailbox_messages (mailbox_id, message_id) WHERE message_id IS NOT NULL`);
    // The flood check counts one sender's recent messages.
    await q.query(`CREATE INDEX mailbox_messages_sender_idx ON mailbox_messages (sender, claimed_at) WHERE sender IS NOT NULL`);
    await q.query(`
      CREATE TABLE unassigned_mails (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mailbox_id    uuid REFERENCES mailboxes (id) ON DELETE SET NULL,
        message_id    text,
        from_address  text,
        from_name     text,
        subject       text NOT NULL DEFAULT '',
        body          text NOT NULL DEFAULT '',
        reason        text NOT NULL,
        raw           bytea NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now(),
        status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'ticket', 'discarded')),
        ticket_id     uuid REFERENCES tickets (id) ON DELETE SET NULL,
        handled_by    uuid REFERENCES users (id) ON DELETE SET NULL,
        handled_at    timestamptz
      )`);
    await q.query(`CREATE INDEX unassigned_mails_open_idx ON unassigned_mails (received_at DESC) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE pec_receipts (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        mailbox_id        uuid REFERENCES mailboxes (id) ON DELETE SET NULL,
        kind              text NOT NULL,
        msgid             text,
        recipient         text,
        error             text,
        ticket_id         uuid REFERENCES tickets (id) ON DELETE SET NULL,
        outgoing_mail_id  uuid REFERENCES outgoing_mails (id) ON DELETE SET NULL,
        daticert          text NOT NULL,
        raw               bytea NOT NULL,
        received_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pec_receipts_ticket_idx ON pec_receipts (ticket_id, received_at)`);
    await q.query(`CREATE INDEX pec_receipts_msgid_idx ON pec_receipts (msgid)`);
    // Receipts name the message they certify by its Message-ID.
    await q.query(`CREATE INDEX outgoing_mails_message_id_idx ON outgoing_mails (message_id)`);
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.map((e) => `'${e}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(
      `ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${AUDITED.filter((e) => !MINE.includes(e)).map((e) => `'${e}'`).join(', ')})) NOT VALID`,
    );
    await q.query(`DROP INDEX outgoing_mails_message_id_idx`);
    await q.query(`DROP TABLE pec_receipts`);
    await q.query(`DROP TABLE unassigned_mails`);
    await q.query(`DROP TABLE mailbox_messages`);
    await q.query(`DROP TABLE mailboxes`);
    await q.query(`ALTER TABLE app_notifications DROP CONSTRAINT app_notifications_kind_check`);
    await q.query(
      `ALTER TABLE app_notifications ADD CONSTRAINT app_notifications_kind_check
         CHECK (kind IN ('new_ticket', 'reply', 'sla', 'approval', 'to_test', 'assigned')) NOT VALID`,
    );
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_channel_check`);
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_channel_check CHECK (channel IN ('web', 'phone', 'email', 'import')) NOT VALID`);
  }
}
