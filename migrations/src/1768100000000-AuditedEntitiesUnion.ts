import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Five migrations written side by side (second factor, signatories, mailboxes, announcements, knowledge base) each
 * wrote the audited entities as it knew them plus its own: whichever ran last would have left out the others. This
 * one writes the whole union once they have all run. Written out, not read from the shared list, so that it keeps
 * meaning what it meant when it was written.
 */
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
  'logins',
  'second_factors',
  'ente_signatories',
  'mailboxes',
  'unassigned_mails',
  'announcements',
  'kb_articles',
];
/** What the knowledge-base migration, the last of the five, had left. */
const BEFORE = AUDITED.filter((e) => !['logins', 'second_factors', 'ente_signatories', 'mailboxes', 'unassigned_mails', 'announcements'].includes(e));
const check = (list: string[]) => `CHECK (entity IN (${list.map((e) => `'${e}'`).join(', ')}))`;

export class AuditedEntitiesUnion1768100000000 implements MigrationInterface {
  name = 'AuditedEntitiesUnion1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check ${check(AUDITED)}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check`);
    await q.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check ${check(BEFORE)} NOT VALID`);
  }
}
