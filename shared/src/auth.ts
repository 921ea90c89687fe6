import { z } from 'zod';
import { ROLES } from './roles';
import { EnteKindSchema } from './enti';

export const RoleSchema = z.enum(ROLES).meta({ id: 'Role' });
export const LanguageSchema = z.enum(['it', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const LoginRequestSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email('Indirizzo e-mail non valido.')),
    password: z.string().min(1, 'La password è obbligatoria.').max(1024),
  })
  .meta({ id: 'LoginRequest' });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const MeSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    language: LanguageSchema,
    /** The Enti the user is linked to (its own Ente, or the capofila for a capofila user). */
    enti: z.array(z.object({ id: z.uuid(), name: z.string(), kind: EnteKindSchema })),
    supplier: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    /** How many Enti the user can see: own, plus members for a capofila, all for staff. */
    visibleEnteCount: z.number().int(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof MeSchema>;

/** Returned by login and me: the CSRF token changes when the session is regenerated. */
export const SessionResponseSchema = z
  .object({ user: MeSchema, csrfToken: z.string() })
  .meta({ id: 'SessionResponse' });
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

/** GET /api/auth/session: like /me, but a visitor without a session is an answer (user null), not a 401. */
export const CurrentSessionSchema = z
  .object({ user: MeSchema.nullable(), csrfToken: z.string() })
  .meta({ id: 'CurrentSession' });
export type CurrentSession = z.infer<typeof CurrentSessionSchema>;

export const CsrfResponseSchema = z.object({ csrfToken: z.string() }).meta({ id: 'CsrfResponse' });
export type CsrfResponse = z.infer<typeof CsrfResponseSchema>;

export const CSRF_HEADER = 'x-csrf-token';
/** Seconds the signed-in session has left after this answer (sessions are rolling); the page warns before they run out. */
export const SESSION_EXPIRES_HEADER = 'x-session-expires-in';
/**
 * Marks a request the page makes on its own (a poll), not because the user did something: it does not extend the
 * session, so an unattended screen still signs out when its time is up.
 */
export const BACKGROUND_HEADER = 'x-background-request';
