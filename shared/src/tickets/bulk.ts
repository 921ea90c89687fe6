import { z } from 'zod';
import { CreateFollowUpSchema, TicketActionRequestSchema } from './schemas';

/** At most this many tickets in one bulk request (the queue's "select all" of a long list). */
export const BULK_MAX_TICKETS = 500;

export const BulkOperationSchema = z
  .discriminatedUnion(
    'kind',
    [
      /** Any single-ticket action: assign (operator, group, supplier), status changes. */
      z.object({ kind: z.literal('action'), request: TicketActionRequestSchema }),
      z.object({ kind: z.literal('followup'), followUp: CreateFollowUpSchema }),
      /** A canned reply filled for each ticket, then its actions (group, status). */
      z.object({ kind: z.literal('canned_reply'), cannedReplyId: z.uuid('Risposta predefinita non valida.') }),
      /** Every selected ticket but the target is merged into the target. */
      z.object({ kind: z.literal('merge'), targetId: z.uuid('Ticket di destinazione non valido.') }),
    ],
    'Operazione non prevista.',
  )
  .meta({ id: 'BulkOperation' });
export type BulkOperation = z.infer<typeof BulkOperationSchema>;

export const BulkTicketRequestSchema = z
  .strictObject(
    {
      ticketIds: z
        .array(z.uuid('Ticket non valido.'), 'Indicare i ticket.')
        .min(1, 'Selezionare almeno un ticket.')
        .max(BULK_MAX_TICKETS, `Al massimo ${BULK_MAX_TICKETS} ticket per volta.`)
        .refine((ids) => new Set(ids).size === ids.length, 'Lo stesso ticket compare due volte.'),
      operation: BulkOperationSchema,
    },
    'Campo non previsto.',
  )
  .meta({ id: 'BulkTicketRequest' });
export type BulkTicketRequest = z.infer<typeof BulkTicketRequestSchema>;

export const BulkTicketOutcomeSchema = z
  .object({
    ticketId: z.uuid(),
    /** Null when the ticket does not exist or is not visible. */
    protocol: z.string().nullable(),
    ok: z.boolean(),
    /** Why it could not change: the error code and the Italian message a single action would have given. */
    code: z.string().nullable(),
    message: z.string().nullable(),
  })
  .meta({ id: 'BulkTicketOutcome' });
export type BulkTicketOutcome = z.infer<typeof BulkTicketOutcomeSchema>;

export const BulkTicketResultSchema = z
  .object({ results: z.array(BulkTicketOutcomeSchema), succeeded: z.number().int(), failed: z.number().int() })
  .meta({ id: 'BulkTicketResult' });
export type BulkTicketResult = z.infer<typeof BulkTicketResultSchema>;
