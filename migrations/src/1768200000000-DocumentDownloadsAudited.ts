import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: downloads of a request's signed form and of the signer's identity document are recorded in the audit
 * log, as a new action ('download') on two new entities. The lists are written out in full (the union of every
 * entity so far, see 1768100000000-AuditedEntitiesUnion) so that this migration keeps meaning what it meant.
 */
const BEFORE = [
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
const AUDITED = [...BEFORE, 'signed_forms', 'identity_documents'];
const ACTIONS_BEFORE = ['create', 'update', 'delete', 'merge', 'import', 'publish', 'export', 'pseudonymise', 'purge'];
const ACTIONS = [...ACTIONS_BEFORE, 'download'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

export class DocumentDownloadsAudited1768200000000 implements MigrationInterface {
  name = 'DocumentDownloadsAudited1768200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check, DROP CONSTRAINT audit_log_action_check`);
    await q.query(`
      ALTER TABLE audit_log
        ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${list(AUDITED)})),
        ADD CONSTRAINT audit_log_action_check CHECK (action IN (${list(ACTIONS)}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The log is append-only: entries already written stay, so the narrower checks do not validate old rows.
    await q.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check, DROP CONSTRAINT audit_log_action_check`);
    await q.query(`
      ALTER TABLE audit_log
        ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (${list(BEFORE)})) NOT VALID,
        ADD CONSTRAINT audit_log_action_check CHECK (action IN (${list(ACTIONS_BEFORE)})) NOT VALID`);
  }
}
