import { z } from 'zod';
import { PageQuerySchema } from './pagination';
import { dayParam, intParam, limitParam } from './request-values';

/**
 * The satisfaction surveys' answers as a list for the CIT staff (issue 18, point 2): one row per answered ticket,
 * newest answer first, filtered by the day of the answer (Italian time, both ends included), Ente and score. The
 * same filters drive the CSV/XLSX export.
 */
export const SurveyAnswerListQuerySchema = PageQuerySchema.extend({
  limit: limitParam(100, 50),
  from: dayParam('Dal').optional(),
  to: dayParam('Al').optional(),
  enteId: z.uuid('Ente non valido.').optional(),
  score: intParam('Voto', 1, 5).optional(),
})
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'La data finale precede quella iniziale.' })
  .meta({ id: 'SurveyAnswerListQuery' });
export type SurveyAnswerListQuery = z.infer<typeof SurveyAnswerListQuerySchema>;

export const SurveyAnswerItemSchema = z
  .object({
    ticketId: z.uuid(),
    protocol: z.string(),
    title: z.string(),
    ente: z.string(),
    serviceCode: z.string().nullable(),
    operatorName: z.string().nullable(),
    score: z.number().int(),
    comment: z.string().nullable(),
    answeredAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'SurveyAnswerItem' });
export type SurveyAnswerItem = z.infer<typeof SurveyAnswerItemSchema>;

export const SurveyAnswerListSchema = z.object({ items: z.array(SurveyAnswerItemSchema), nextCursor: z.string().nullable() }).meta({ id: 'SurveyAnswerList' });
export type SurveyAnswerList = z.infer<typeof SurveyAnswerListSchema>;
