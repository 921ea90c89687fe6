import { z } from 'zod';

/**
 * The «Da testare» page reached from the requester's e-mail: without `answer` it only shows the ticket (mail
 * scanners that open links change nothing); the page's own forms add `answer` (and the message).
 */
export const TicketTestAnswerQuerySchema = z
  .object({
    answer: z.enum(['confirm', 'reopen'], 'Risposta non valida: conferma o riapri.').optional(),
    message: z.string().trim().max(20_000, 'Messaggio: al massimo 20000 caratteri').optional(),
  })
  .refine((q) => q.answer !== 'reopen' || (q.message?.length ?? 0) >= 3, {
    path: ['message'],
    message: 'Per riaprire scriva che cosa non funziona (almeno 3 caratteri).',
  })
  .meta({ id: 'TicketTestAnswerQuery' });
export type TicketTestAnswerQuery = z.infer<typeof TicketTestAnswerQuerySchema>;
