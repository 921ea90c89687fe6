import { z } from 'zod';
import { dayParam, limitParam } from './request-values';
import { VersionSchema } from './audit';

/** Who an article is for: the Enti (and the CIT), or the CIT staff only. */
export const KB_AUDIENCES = ['enti', 'cit'] as const;
export const KbAudienceSchema = z.enum(KB_AUDIENCES, 'Destinatari non validi: «enti» o «cit».').meta({ id: 'KbAudience' });
export type KbAudience = z.infer<typeof KbAudienceSchema>;

/** A draft is the staff's work in progress (e.g. made from a ticket): nobody outside the CIT sees it, nor is it offered. */
export const KB_STATUSES = ['draft', 'published'] as const;
export const KbStatusSchema = z.enum(KB_STATUSES, 'Stato non valido: «draft» o «published».').meta({ id: 'KbStatus' });
export type KbStatus = z.infer<typeof KbStatusSchema>;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label}: al massimo ${max} caratteri.`)
    .nullish()
    .transform((v) => (v ? v : null));

export const SaveKbArticleSchema = z
  .object({
    title: z.string('Il titolo è obbligatorio.').trim().min(3, 'Il titolo deve avere almeno 3 caratteri.').max(200, 'Il titolo può avere al massimo 200 caratteri.'),
    body: z.string('Il testo è obbligatorio.').trim().min(1, 'Il testo è obbligatorio.').max(100_000, 'Il testo può avere al massimo 100.000 caratteri.'),
    serviceCode: optionalText(40, 'Codice del servizio'),
    category: optionalText(80, 'Categoria'),
    audience: KbAudienceSchema,
    // Absent: published, as every article was before drafts existed (older clients keep working).
    status: KbStatusSchema.default('published'),
    // dayParam, not a bare ISO date: zod takes 0000-01-01, which PostgreSQL refuses (a 500 the fuzz drill found).
    reviewedOn: dayParam('Data di ultima revisione').nullish().transform((v) => v ?? null),
  })
  .meta({ id: 'SaveKbArticle' });
export type SaveKbArticle = z.input<typeof SaveKbArticleSchema>;

/** A change carries the version read, so two editors do not overwrite each other (409). */
export const UpdateKbArticleSchema = SaveKbArticleSchema.extend({ version: VersionSchema }).meta({ id: 'UpdateKbArticle' });
export type UpdateKbArticle = z.input<typeof UpdateKbArticleSchema>;

export const KbArticleSummarySchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    serviceCode: z.string().nullable(),
    category: z.string().nullable(),
    audience: KbAudienceSchema,
    status: KbStatusSchema,
    reviewedOn: z.iso.date().nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'KbArticleSummary' });
export type KbArticleSummary = z.infer<typeof KbArticleSummarySchema>;

export const KbArticleSchema = KbArticleSummarySchema.extend({
  body: z.string(),
  /** The body rendered by `renderKbMarkdown`: safe to insert as HTML. */
  html: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime({ offset: true }),
}).meta({ id: 'KbArticle' });
export type KbArticle = z.infer<typeof KbArticleSchema>;

export const KbArticleListSchema = z.object({ items: z.array(KbArticleSummarySchema) }).meta({ id: 'KbArticleList' });
export type KbArticleList = z.infer<typeof KbArticleListSchema>;

export const KbListQuerySchema = z
  .object({
    q: z.string().trim().max(200, 'La ricerca può avere al massimo 200 caratteri.').optional(),
    /** all: every word must appear (the search page); any: one is enough, best first (suggestions on a ticket title). */
    match: z.enum(['all', 'any'], 'Modalità di ricerca non valida: «all» o «any».').default('all'),
    limit: limitParam(50, 50),
    /**
     * Narrow the results, e.g. the link picker of a reply to an Ente asks for audience=enti and status=published: only
     * what the Ente can open. Callers outside the CIT see published articles for the Enti whatever they ask.
     */
    audience: KbAudienceSchema.optional(),
    status: KbStatusSchema.optional(),
  })
  .meta({ id: 'KbListQuery' });
export type KbListQuery = z.infer<typeof KbListQuerySchema>;

export const KB_SUGGESTION_EVENTS = ['shown', 'opened', 'submitted'] as const;

/**
 * What happened to the suggestions of one new-ticket form (`formSession`, made by the page): an article shown or
 * opened, or the ticket submitted. Deflection: a form where an article was opened and the ticket never submitted.
 */
export const KbSuggestionEventSchema = z
  .object({
    formSession: z.uuid('Sessione del modulo non valida.'),
    kind: z.enum(KB_SUGGESTION_EVENTS, 'Evento non valido.'),
    articleIds: z.array(z.uuid('Articolo non valido.')).max(10, 'Al massimo 10 articoli.').default([]),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'submitted' && v.articleIds.length === 0) ctx.addIssue({ code: 'custom', path: ['articleIds'], message: 'Indicare almeno un articolo.' });
    if (v.kind === 'submitted' && v.articleIds.length > 0) ctx.addIssue({ code: 'custom', path: ['articleIds'], message: 'L’invio del ticket non riguarda un articolo.' });
  })
  .meta({ id: 'KbSuggestionEvent' });
export type KbSuggestionEvent = z.input<typeof KbSuggestionEventSchema>;

export const KbDeflectionSchema = z
  .object({
    /** New-ticket forms where at least one article was suggested. */
    formsWithSuggestions: z.number().int(),
    /** … where an article was opened. */
    formsOpened: z.number().int(),
    /** … where an article was opened and no ticket followed: the questions the knowledge base answered. */
    deflected: z.number().int(),
  })
  .meta({ id: 'KbDeflection' });
export type KbDeflection = z.infer<typeof KbDeflectionSchema>;
