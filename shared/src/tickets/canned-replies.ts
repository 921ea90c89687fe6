import { z } from 'zod';
import { CATALOG, type ServiceCode } from '../catalog';
import { SupportGroupSchema, type SupportGroup } from './lifecycle';
import type { TicketActionRequest } from './schemas';

/**
 * Canned replies (macros): a text with placeholders, filled from the ticket it is used on, and optional actions
 * (status, group) applied with it. Personal (each operator's own) or shared (managed by the admins).
 */
export const CANNED_PLACEHOLDERS = ['richiedente', 'ente', 'protocollo', 'servizio', 'scadenza_sla', 'operatore'] as const;
export type CannedPlaceholder = (typeof CANNED_PLACEHOLDERS)[number];
export type CannedReplyValues = Record<CannedPlaceholder, string>;

/** The statuses a canned reply may lead to: taken in charge, waiting for the Ente, solved (its text is the reason/solution). */
export const CANNED_STATUSES = ['assigned', 'pending', 'solved'] as const;
export const CannedStatusSchema = z.enum(CANNED_STATUSES, 'Stato non previsto per una risposta predefinita.');
export type CannedStatus = z.infer<typeof CannedStatusSchema>;

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Replaces `{{richiedente}}`, `{{ente}}`… with the ticket's values; an unknown placeholder stays as written. */
export function fillCannedReply(body: string, values: CannedReplyValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) =>
    (CANNED_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as CannedPlaceholder] : whole,
  );
}

const ROME_DATE_TIME = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** What the placeholders need to know about a ticket (the detail the page has, or one row read by the server). */
export interface CannedTicketFacts {
  protocol: string;
  requesterName: string;
  enteName: string;
  serviceCode: string | null;
  resolveDue: string | Date | null;
}

/** The placeholder values of a ticket for the operator using the reply (dates in Italian time, four-digit year). */
export function cannedReplyValues(t: CannedTicketFacts, operatorName: string): CannedReplyValues {
  const service = t.serviceCode && t.serviceCode in CATALOG ? CATALOG[t.serviceCode as ServiceCode].name : '';
  const due = t.resolveDue === null ? '' : ROME_DATE_TIME.format(new Date(t.resolveDue)).replace(',', '');
  return {
    richiedente: t.requesterName,
    ente: t.enteName,
    protocollo: t.protocol,
    servizio: service,
    scadenza_sla: due,
    operatore: operatorName,
  };
}

/**
 * The ticket actions a canned reply brings, in the order they run: the group first, then the status. The filled
 * text is the reason of a suspension (cut to its 2000 characters) or the solution.
 */
export function cannedReplyActions(reply: { setStatus: CannedStatus | null; setGroup: SupportGroup | null }, filled: string): TicketActionRequest[] {
  const actions: TicketActionRequest[] = [];
  if (reply.setGroup) actions.push({ action: 'assign', group: reply.setGroup });
  if (reply.setStatus === 'assigned') actions.push({ action: 'take_charge' });
  if (reply.setStatus === 'pending') actions.push({ action: 'suspend', reason: filled.trim().slice(0, 2000) });
  if (reply.setStatus === 'solved') actions.push({ action: 'solve', solution: filled.trim() });
  return actions;
}

const Ref = z.object({ id: z.uuid(), name: z.string() });

export const CannedReplySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    body: z.string(),
    /** Shared: every operator may use it, only admins change it. Personal: its owner's only. */
    shared: z.boolean(),
    owner: Ref.nullable(),
    mine: z.boolean(),
    setStatus: CannedStatusSchema.nullable(),
    setGroup: SupportGroupSchema.nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'CannedReply' });
export type CannedReply = z.infer<typeof CannedReplySchema>;

export const CannedReplyListSchema = z.object({ items: z.array(CannedReplySchema) }).meta({ id: 'CannedReplyList' });
export type CannedReplyList = z.infer<typeof CannedReplyListSchema>;

export const SaveCannedReplySchema = z
  .strictObject(
    {
      name: z.string('Nome obbligatorio.').trim().min(1, 'Nome: almeno 1 carattere').max(80, 'Nome: al massimo 80 caratteri'),
      body: z.string('Testo obbligatorio.').trim().min(1, 'Testo: almeno 1 carattere').max(5000, 'Testo: al massimo 5000 caratteri'),
      shared: z.boolean('Condivisa: sì o no.').default(false),
      setStatus: CannedStatusSchema.nullish().transform((v) => v ?? null),
      setGroup: SupportGroupSchema.nullish().transform((v) => v ?? null),
    },
    'Campo non previsto.',
  )
  .meta({ id: 'SaveCannedReply' });
export type SaveCannedReply = z.infer<typeof SaveCannedReplySchema>;
