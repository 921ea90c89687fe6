import { z } from 'zod';
import { PageQuerySchema, pageOf } from './pagination';

/** The master data whose every change is recorded (issue: who, when, from where, before and after). */
export const AUDITED_ENTITIES = [
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
  'announcements',
  'ente_signatories',
  'logins',
  'second_factors',
  'kb_articles',
  // Not master data: reads of personal documents (issue 20). recordId is the ticket, `after` names the file.
  'signed_forms',
  'identity_documents',
] as const;
export const AuditedEntitySchema = z.enum(AUDITED_ENTITIES, 'Archivio non valido.').meta({ id: 'AuditedEntity' });
export type AuditedEntity = z.infer<typeof AuditedEntitySchema>;

export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'merge', 'import', 'publish', 'export', 'pseudonymise', 'purge', 'download'] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS).meta({ id: 'AuditAction' });
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * The version a client read; an update that carries an older one is refused (409) instead of silently
 * overwriting someone else's change.
 */
export const VersionSchema = z.number('Versione del record mancante: ricarichi la pagina.').int().min(0).meta({ id: 'RecordVersion' });

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.iso.datetime({ offset: true }),
    actor: z.object({ id: z.uuid().nullable(), name: z.string(), email: z.string().nullable() }),
    ip: z.string().nullable(),
    entity: AuditedEntitySchema,
    recordId: z.string(),
    action: AuditActionSchema,
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** A calendar day in a range PostgreSQL and JavaScript both accept (year 0000 is neither). */
const auditDay = (label: string) =>
  z.iso
    .date(`${label}: data non valida (AAAA-MM-GG).`)
    .refine((d) => d >= '2000-01-01' && d <= '2999-12-31', `${label}: data fuori dall’intervallo ammesso.`);

export const AuditQuerySchema = PageQuerySchema.extend({
  entity: AuditedEntitySchema.optional(),
  recordId: z.string().trim().min(1).max(100).optional(),
  /** The author: user id. */
  actorId: z.uuid('Utente non valido.').optional(),
  /** Days in Italian time, both included. */
  from: auditDay('Dal').optional(),
  to: auditDay('Al').optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'La data finale precede quella iniziale.' });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditListSchema = pageOf(AuditEntrySchema).meta({ id: 'AuditList' });
export type AuditList = z.infer<typeof AuditListSchema>;

/** The fields that differ between two snapshots (top level), for a readable "before → after" view. */
export function changedFields(before: unknown, after: unknown): string[] {
  const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const a = obj(before);
  const b = obj(after);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}
