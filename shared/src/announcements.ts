import { z } from 'zod';
import { VersionSchema } from './audit';

/**
 * Announcements (issue 18): a banner the admins publish for every Ente or some (and optionally for the CIT staff),
 * shown from its start to its end; e.g. an outage, a maintenance window, the 31 March quota deadline.
 */
export const ANNOUNCEMENT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const AnnouncementSeveritySchema = z.enum(ANNOUNCEMENT_SEVERITIES, 'Gravità non valida.').meta({ id: 'AnnouncementSeverity' });
export type AnnouncementSeverity = z.infer<typeof AnnouncementSeveritySchema>;

/** At most this many Enti named one by one: beyond that, the audience is "all Enti". */
export const MAX_ANNOUNCEMENT_ENTI = 500;

/** An instant with its offset, within years both PostgreSQL and JavaScript read the same way. */
const instant = (label: string) =>
  z.iso
    .datetime({ offset: true, error: `${label}: data e ora non valide.`, abort: true })
    .refine((v) => {
      const year = new Date(v).getUTCFullYear();
      return year >= 2000 && year <= 2999;
    }, `${label}: data fuori dall’intervallo ammesso.`);

const announcementFields = {
  title: z.string('Indichi il titolo.').trim().min(1, 'Indichi il titolo.').max(200, 'Il titolo supera 200 caratteri.'),
  body: z.string('Testo non valido.').trim().max(2000, 'Il testo supera 2000 caratteri.').default(''),
  severity: AnnouncementSeveritySchema,
  startsAt: instant('Inizio'),
  endsAt: instant('Fine'),
  /** Every Ente (then `enteIds` is ignored), or only the Enti listed. */
  allEnti: z.boolean('Indichi se l’avviso è per tutti gli Enti.'),
  enteIds: z
    .array(z.uuid('Ente non valido.'), 'Enti non validi.')
    .max(MAX_ANNOUNCEMENT_ENTI, `Al massimo ${MAX_ANNOUNCEMENT_ENTI} Enti: per di più, scelga «tutti gli Enti».`)
    .default([]),
  /** Shown to the CIT staff too (operators, approvers, admins). */
  includeStaff: z.boolean('Indichi se l’avviso è anche per il personale CIT.').default(false),
};

type AudienceFields = { startsAt: string; endsAt: string; allEnti: boolean; enteIds: string[] };
const audienceChecks = <T extends AudienceFields>(v: T, ctx: z.RefinementCtx) => {
  if (new Date(v.endsAt) <= new Date(v.startsAt)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'La fine deve seguire l’inizio.' });
  if (!v.allEnti && v.enteIds.length === 0) ctx.addIssue({ code: 'custom', path: ['enteIds'], message: 'Scelga almeno un Ente, oppure «tutti gli Enti».' });
};

export const CreateAnnouncementSchema = z.object(announcementFields).superRefine(audienceChecks).meta({ id: 'CreateAnnouncement' });
export type CreateAnnouncement = z.infer<typeof CreateAnnouncementSchema>;

export const UpdateAnnouncementSchema = z
  .object({ ...announcementFields, version: VersionSchema })
  .superRefine(audienceChecks)
  .meta({ id: 'UpdateAnnouncement' });
export type UpdateAnnouncement = z.infer<typeof UpdateAnnouncementSchema>;

export const EndAnnouncementSchema = z.object({ version: VersionSchema }).meta({ id: 'EndAnnouncement' });

export const ANNOUNCEMENT_STATUSES = ['scheduled', 'active', 'ended'] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

/** Where an announcement stands at `now`: its start is included, its end excluded. */
export function announcementStatus(a: { startsAt: string; endsAt: string }, now: Date): AnnouncementStatus {
  if (now.getTime() >= new Date(a.endsAt).getTime()) return 'ended';
  return now.getTime() >= new Date(a.startsAt).getTime() ? 'active' : 'scheduled';
}

/**
 * When what the user sees changes by itself: the earliest end of a banner shown, or start of one still to come.
 * The page schedules a refetch then, so a banner appears and disappears on time without any event.
 */
export function nextAnnouncementChange(shown: ReadonlyArray<{ endsAt: string }>, upcomingStarts: readonly string[]): string | null {
  const instants = [...shown.map((a) => a.endsAt), ...upcomingStarts].map((v) => new Date(v).getTime());
  return instants.length === 0 ? null : new Date(Math.min(...instants)).toISOString();
}

/** The admins' view of an announcement. */
export const AnnouncementSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string(),
    severity: AnnouncementSeveritySchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    allEnti: z.boolean(),
    enti: z.array(z.object({ id: z.uuid(), name: z.string() })),
    includeStaff: z.boolean(),
    status: z.enum(ANNOUNCEMENT_STATUSES),
    version: z.number().int(),
    createdBy: z.string().nullable(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'Announcement' });
export type Announcement = z.infer<typeof AnnouncementSchema>;

export const AnnouncementListSchema = z.object({ items: z.array(AnnouncementSchema) }).meta({ id: 'AnnouncementList' });
export type AnnouncementList = z.infer<typeof AnnouncementListSchema>;

/** A banner as the user sees it: nothing about who else receives it. */
export const CurrentAnnouncementSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string(),
    severity: AnnouncementSeveritySchema,
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'CurrentAnnouncement' });
export type CurrentAnnouncement = z.infer<typeof CurrentAnnouncementSchema>;

export const CurrentAnnouncementsSchema = z
  .object({
    items: z.array(CurrentAnnouncementSchema),
    /** When the list changes by itself (a banner ends or a scheduled one starts); null when nothing is pending. */
    nextChangeAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'CurrentAnnouncements' });
export type CurrentAnnouncements = z.infer<typeof CurrentAnnouncementsSchema>;
