import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * In-app notifications (the bell): one row per user and event, read or unread. Written by the `notify.ticket`
 * outbox handler (idempotent through dedup_key: outbox id + user + kind), read by the user's own routes. The
 * desktop-notification preference is the user's choice across devices (the browser still asks its permission); the
 * phone is the user's own, shown to the staff on the requester card.
 */
export class AppNotifications1766610000000 implements MigrationInterface {
  name = 'AppNotifications1766610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_notifications (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind        text NOT NULL CHECK (kind IN ('new_ticket', 'reply', 'sla', 'approval', 'to_test', 'assigned')),
        ticket_id   uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        dedup_key   text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now(),
        read_at     timestamptz
      )`);
    await q.query(`CREATE INDEX app_notifications_user_idx ON app_notifications (user_id, id DESC)`);
    // The bell's count and the «nuova risposta» markers read only the unread rows.
    await q.query(`CREATE INDEX app_notifications_unread_idx ON app_notifications (user_id, ticket_id) WHERE read_at IS NULL`);
    await q.query(`ALTER TABLE users ADD COLUMN desktop_notifications boolean NOT NULL DEFAULT false`);
    // The requester card shows how to call whoever asked; each user keeps their own number on the profile page.
    await q.query(`ALTER TABLE users ADD COLUMN phone text CHECK (phone ~ '^[+0-9 ./()-]{3,30}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN phone`);
    await q.query(`ALTER TABLE users DROP COLUMN desktop_notifications`);
    await q.query(`DROP TABLE app_notifications`);
  }
}
