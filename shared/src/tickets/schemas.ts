import { z } from 'zod';
import { PageQuerySchema } from '../pagination';
import { dayParam, intParam } from '../request-values';
import { CATALOG, ServiceCodeEnum } from '../catalog';
import { SignedFormCheckSchema } from '../signed-form';
import { FormVerdictSchema } from '../form-verdict';
import { SlaStateSchema, UrgencySchema } from '../sla';
import {
  ApprovalStateSchema,
  SupportGroupSchema,
  TICKET_STATUSES,
  TicketActionSchema,
  TicketCategorySchema,
  TicketStatusSchema,
  TicketTypeSchema,
  type TicketStatus,
} from './lifecycle';
import { LabelSchema, TicketChannelSchema } from './routing';

/** A service of the catalog (e.g. `pec`, `firma_digitale`). */
export const ServiceCodeSchema = ServiceCodeEnum;

/** A list from JSON (array) or from a multipart form (repeated field, or one comma/newline-separated value). */
const stringList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(/[\n,]/)).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).max(100));

const text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, `${what}: almeno ${min} caratteri`)
    .max(max, `${what}: al massimo ${max} caratteri`);

export const CreateTicketSchema = z
  .object({
    type: TicketTypeSchema,
    category: TicketCategorySchema,
    serviceCode: ServiceCodeSchema.nullish(),
    urgency: UrgencySchema,
    title: text(3, 200, 'Titolo'),
    description: text(1, 20_000, 'Descrizione'),
    /** The Ente the ticket is for: required for staff (phone calls) and capofila users with several Enti. */
    enteId: z.uuid().optional(),
    /** Activation: how many units (boxes, kits) and their labels (mailbox addresses, kit holders). */
    quantity: intParam('Quantità', 1, 100).default(1),
    unitLabels: stringList(z.string().trim().min(1).max(200)).default([]),
    /** Tariff variant where the price list has one, e.g. pagoPA via `regione` or `partner`, signature `renewal`. */
    variant: z.string().regex(/^[a-z_]{2,30}$/).optional(),
    /** Cancellation: the service records to end. */
    targetRecordIds: stringList(z.uuid()).default([]),
  })
  .refine((t) => t.category === 'assistance' || !!t.serviceCode, {
    path: ['serviceCode'],
    message: 'Per attivazioni, rinnovi e disdette indicare il servizio.',
  })
  .refine((t) => t.category === 'assistance' || !t.serviceCode || CATALOG[t.serviceCode].requestable, {
    path: ['serviceCode'],
    message: 'Questo servizio è compreso nella convenzione e non si attiva con una richiesta.',
  })
  .refine((t) => t.category !== 'cancellation' || t.targetRecordIds.length > 0, {
    path: ['targetRecordIds'],
    message: 'Indicare quale servizio attivo disdire.',
  })
  .refine((t) => t.unitLabels.length <= t.quantity, {
    path: ['unitLabels'],
    message: 'Più etichette che unità richieste.',
  })
  .meta({ id: 'CreateTicket' });
export type CreateTicket = z.infer<typeof CreateTicketSchema>;

const Ref = z.object({ id: z.uuid(), name: z.string() });

export const TicketSummarySchema = z
  .object({
    id: z.uuid(),
    protocol: z.string(),
    ente: Ref,
    type: TicketTypeSchema,
    category: TicketCategorySchema,
    serviceCode: z.string().nullable(),
    urgency: UrgencySchema,
    title: z.string(),
    status: TicketStatusSchema,
    assignee: Ref.nullable(),
    group: SupportGroupSchema.nullable(),
    /** The group's name as the admins set it (null without a group). */
    groupName: z.string().nullable(),
    supplier: Ref.nullable(),
    labels: z.array(z.string()),
    channel: TicketChannelSchema,
    plannedFor: z.iso.datetime({ offset: true }).nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    takeChargeDue: z.iso.datetime({ offset: true }).nullable(),
    resolveDue: z.iso.datetime({ offset: true }).nullable(),
    slaState: SlaStateSchema,
    approvalState: ApprovalStateSchema,
    /** «Non applicata»: why the worker refused an approved request (a business rule); null otherwise. */
    applyFailure: z.string().nullable(),
    applyFailedAt: z.iso.datetime({ offset: true }).nullable(),
    /** Activation/cancellation in the approvals inbox and on the ticket: the approver's single verdict on the signed form. */
    formVerdict: FormVerdictSchema.nullable().optional(),
  })
  .meta({ id: 'TicketSummary' });
export type TicketSummary = z.infer<typeof TicketSummarySchema>;

export const TicketCountsSchema = z.object(
  Object.fromEntries(TICKET_STATUSES.map((s) => [s, z.number().int()])) as Record<TicketStatus, z.ZodNumber>,
).meta({ id: 'TicketCounts' });
export type TicketCounts = z.infer<typeof TicketCountsSchema>;

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(item).min(1));

export const TICKET_SORTS = ['sla', 'newest', 'oldest', 'updated'] as const;

export const TicketListQuerySchema = PageQuerySchema.extend({
  status: csv(TicketStatusSchema).optional(),
  urgency: csv(UrgencySchema).optional(),
  category: csv(TicketCategorySchema).optional(),
  serviceCode: ServiceCodeSchema.optional(),
  enteId: z.uuid().optional(),
  /** A user id, `me`, or `none` for unassigned tickets. */
  assignee: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  /** A group's key, or `mine`: the tickets of every group the caller belongs to. */
  group: z.union([z.literal('mine'), SupportGroupSchema]).optional(),
  /** Tickets carrying this label (case as stored). */
  label: LabelSchema.optional(),
  supplierId: z.uuid().optional(),
  slaState: csv(SlaStateSchema).optional(),
  approvalState: csv(ApprovalStateSchema).optional(),
  /** Only approved requests the worker could not apply («non applicata»). */
  applyFailed: z.stringbool().optional(),
  createdFrom: dayParam('Creati dal').optional(),
  createdTo: dayParam('Creati fino al').optional(),
  /** Full-text search (Italian) over title, description and the follow-ups the caller may read. */
  q: z.string().trim().min(2).max(200).optional(),
  /** Default: SLA due first for CIT staff, newest first for everybody else. */
  sort: z.enum(TICKET_SORTS).optional(),
}).meta({ id: 'TicketListQuery' });
export type TicketListQuery = z.infer<typeof TicketListQuerySchema>;

/** Filtered counts stop at this many matches: a broad search over millions of tickets must still answer at once. */
export const TICKET_COUNT_CAP = 10_000;

export const TicketListSchema = z
  .object({
    items: z.array(TicketSummarySchema),
    nextCursor: z.string().nullable(),
    /** Tickets per status for the same scope and filters (status filter excluded), as in MoOne's dashboard. */
    counts: TicketCountsSchema,
    /** The filters matched more than TICKET_COUNT_CAP tickets: the counts are lower bounds ("at least"). */
    countsCapped: z.boolean(),
    /**
     * A one-word search matching so many tickets that counting them would read them all: the counts are PostgreSQL's
     * estimate split by status ("about"); countsCapped is true as well.
     */
    countsEstimated: z.boolean(),
  })
  .meta({ id: 'TicketList' });
export type TicketList = z.infer<typeof TicketListSchema>;

export const AttachmentSchema = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    mime: z.string(),
    size: z.number().int(),
    kind: z.enum(['pdf', 'signed_p7m', 'image', 'office', 'text']),
    uploadedBy: Ref,
    uploadedAt: z.iso.datetime({ offset: true }),
    followUpId: z.uuid().nullable(),
    /** Activation/cancellation tickets: the check of a PDF or .p7m as the signed request form. */
    signedFormCheck: SignedFormCheckSchema.nullable(),
  })
  .meta({ id: 'Attachment' });
export type Attachment = z.infer<typeof AttachmentSchema>;

export const TimelineEntrySchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('history'),
      at: z.iso.datetime({ offset: true }),
      actor: Ref.nullable(),
      field: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
    z.object({
      kind: z.literal('followup'),
      id: z.uuid(),
      at: z.iso.datetime({ offset: true }),
      actor: Ref,
      body: z.string(),
      private: z.boolean(),
    }),
  ])
  .meta({ id: 'TimelineEntry' });
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TicketDetailSchema = TicketSummarySchema.extend({
  description: z.string(),
  requester: Ref,
  openedBy: Ref,
  pendingReason: z.string().nullable(),
  solution: z.string().nullable(),
  serviceVariant: z.string().nullable(),
  quantity: z.number().int(),
  unitLabels: z.array(z.string()),
  targetRecordIds: z.array(z.uuid()),
  approvalReason: z.string().nullable(),
  allowedActions: z.array(TicketActionSchema),
  attachments: z.array(AttachmentSchema),
  timeline: z.array(TimelineEntrySchema),
}).meta({ id: 'TicketDetail' });
export type TicketDetail = z.infer<typeof TicketDetailSchema>;

export const TicketActionRequestSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('take_charge') }),
    z
      .object({
        action: z.literal('assign'),
        assigneeId: z.uuid().nullish(),
        group: SupportGroupSchema.nullish(),
        supplierId: z.uuid().nullish(),
      })
      .refine((a) => a.assigneeId !== undefined || a.group !== undefined || a.supplierId !== undefined, {
        message: 'Indicare un operatore, un gruppo o un fornitore.',
      }),
    z.object({
      action: z.literal('plan'),
      // An intervention is planned in this century: year 0000 or 9999 is a typing slip, not a plan. Zod runs this
      // after a failed format check too, so a text that is no date must not reach toISOString (it throws).
      plannedFor: z.iso.datetime({ offset: true }).refine((v) => Number.isFinite(Date.parse(v)) && /^2[01]\d\d-/.test(new Date(v).toISOString()), {
        message: 'Data di intervento non plausibile.',
      }),
    }),
    z.object({ action: z.literal('suspend'), reason: text(3, 2000, 'Motivo della sospensione') }),
    z.object({ action: z.literal('resume') }),
    z.object({ action: z.literal('solve'), solution: text(3, 20_000, 'Soluzione') }),
    z.object({ action: z.literal('deliver'), solution: text(3, 20_000, 'Correzione consegnata') }),
    z.object({ action: z.literal('confirm_fix'), message: text(1, 20_000, 'Messaggio').optional() }),
    z.object({ action: z.literal('close') }),
    z.object({ action: z.literal('reopen'), message: text(3, 20_000, 'Messaggio') }),
    z.object({ action: z.literal('delete'), reason: text(3, 2000, 'Motivo').optional() }),
    z.object({ action: z.literal('restore') }),
  ])
  .meta({ id: 'TicketActionRequest' });
export type TicketActionRequest = z.infer<typeof TicketActionRequestSchema>;

export const CreateFollowUpSchema = z
  .object({
    body: text(1, 20_000, 'Testo'),
    /** Private notes are seen by CIT staff only. */
    private: z
      .union([z.boolean(), z.enum(['true', 'false'])])
      .transform((v) => v === true || v === 'true')
      .default(false),
  })
  .meta({ id: 'CreateFollowUp' });
export type CreateFollowUp = z.infer<typeof CreateFollowUpSchema>;

export const TicketDashboardSchema = z
  .object({
    counts: TicketCountsSchema,
    /** "Chiamate da evadere": assigned to me and not solved yet. */
    mine: z.array(TicketSummarySchema),
    atRisk: z.array(TicketSummarySchema),
    breached: z.array(TicketSummarySchema),
  })
  .meta({ id: 'TicketDashboard' });
export type TicketDashboard = z.infer<typeof TicketDashboardSchema>;

export const ApprovalDecisionSchema = z
  .discriminatedUnion('decision', [
    z
      .object({
        decision: z.literal('approve'),
        reason: z.string().trim().max(2000).optional(),
        /** Approve although the signed form does not pass the rule: only with a written reason, kept in the history. */
        override: z.boolean().optional(),
        overrideReason: text(10, 2000, 'Motivo della deroga').optional(),
      })
      .refine((d) => !d.override || !!d.overrideReason, {
        path: ['overrideReason'],
        message: 'Per approvare in deroga al controllo del modulo scrivere il motivo (almeno 10 caratteri).',
      }),
    z.object({ decision: z.literal('reject'), reason: text(3, 2000, 'Motivo del rifiuto') }),
  ])
  .meta({ id: 'ApprovalDecision' });
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;
