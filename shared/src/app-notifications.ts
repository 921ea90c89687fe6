import { z } from 'zod';

/**
 * In-app notifications (the bell). Each row points at a ticket; the client refetches the list when the live
 * connection says `notifications.changed`, so the event itself carries nothing.
 */
export const APP_NOTIFICATION_KINDS = ['new_ticket', 'reply', 'sla', 'approval', 'to_test', 'assigned', 'pec_failed'] as const;
export type AppNotificationKind = (typeof APP_NOTIFICATION_KINDS)[number];

export const AppNotificationSchema = z
  .object({
    id: z.string().regex(/^\d+$/),
    kind: z.enum(APP_NOTIFICATION_KINDS),
    ticketId: z.uuid(),
    protocol: z.string(),
    title: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
    read: z.boolean(),
  })
  .meta({ id: 'AppNotification' });
export type AppNotification = z.infer<typeof AppNotificationSchema>;

export const AppNotificationsSchema = z
  .object({
    unread: z.number().int(),
    items: z.array(AppNotificationSchema),
    /** Tickets with an unread reply (or a fix to test) for the caller: the «nuova risposta» markers of the lists. */
    unreadTickets: z.array(z.uuid()),
  })
  .meta({ id: 'AppNotifications' });
export type AppNotifications = z.infer<typeof AppNotificationsSchema>;

/** Marks read: some notifications by id, those of one ticket (its page was opened), or all of them. */
export const MarkNotificationsReadSchema = z
  .strictObject({
    ids: z.array(z.string().regex(/^\d{1,18}$/, 'Identificativo di notifica non valido.')).max(200).optional(),
    ticketId: z.uuid('Ticket non valido.').optional(),
    all: z.literal(true).optional(),
  }, 'Campo non previsto.')
  .refine((b) => [b.ids, b.ticketId, b.all].filter((v) => v !== undefined).length === 1, {
    message: 'Indicare le notifiche (ids), un ticket (ticketId) oppure tutte (all).',
  })
  .meta({ id: 'MarkNotificationsRead' });
export type MarkNotificationsRead = z.infer<typeof MarkNotificationsReadSchema>;

export const UnreadCountSchema = z.object({ unread: z.number().int() }).meta({ id: 'UnreadCount' });

/** A phone number as people type it (digits, spaces, + . / ( ) -); empty or null removes it. */
export const PhoneSchema = z
  .string()
  .trim()
  .regex(/^([+0-9 ./()-]{3,30})?$/, 'Telefono: da 3 a 30 tra cifre, spazi e + . / ( ) -')
  .nullable();

/** The profile's preferences (GET/PATCH /api/me/preferences). */
export const PreferencesSchema = z
  .object({ mailOptOut: z.boolean(), language: z.enum(['it', 'en']), desktopNotifications: z.boolean(), phone: z.string().nullable() })
  .meta({
    id: 'MailPreferences',
    description:
      'mailOptOut: niente e-mail non essenziali (risposte altrui, SLA, questionari). desktopNotifications: notifiche del browser per le novità della campanella. phone: il proprio telefono, mostrato al personale CIT nella scheda del richiedente.',
  });
export type Preferences = z.infer<typeof PreferencesSchema>;

export const UpdatePreferencesSchema = z.object({
  mailOptOut: z.boolean().optional(),
  language: z.enum(['it', 'en']).optional(),
  desktopNotifications: z.boolean().optional(),
  phone: PhoneSchema.optional(),
});
export type UpdatePreferences = z.infer<typeof UpdatePreferencesSchema>;

export const FollowingSchema = z.object({ following: z.boolean() }).meta({ id: 'Following' });
