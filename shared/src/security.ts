import { z } from 'zod';

/**
 * Login and password-request throttling (issue 19 point 5). An address is blocked for a while after too many
 * failures; an account is only slowed down (progressive delay), so nobody can lock another person out.
 */
export const THROTTLE_KINDS = ['login_ip', 'password_ip', 'login_account'] as const;
export const ThrottleKindSchema = z.enum(THROTTLE_KINDS, 'Tipo di limite non valido.').meta({ id: 'ThrottleKind' });
export type ThrottleKind = z.infer<typeof ThrottleKindSchema>;

export const ThrottleEntrySchema = z
  .object({
    kind: ThrottleKindSchema,
    /** The IP address (login_ip, password_ip) or the e-mail tried (login_account). */
    key: z.string(),
    /** Failures (or requests) counted in the current window. */
    count: z.number().int(),
    /** blocked: refused until `until`; slowed: every attempt waits `delayMs` before it is checked. */
    state: z.enum(['blocked', 'slowed']),
    delayMs: z.number().int(),
    until: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ThrottleEntry' });
export type ThrottleEntry = z.infer<typeof ThrottleEntrySchema>;

export const ThrottleListSchema = z.object({ items: z.array(ThrottleEntrySchema) }).meta({ id: 'ThrottleList' });
export type ThrottleList = z.infer<typeof ThrottleListSchema>;

export const UnblockThrottleSchema = z
  .object({
    kind: ThrottleKindSchema,
    key: z.string('Indichi l’indirizzo o l’account da sbloccare.').trim().min(1, 'Indichi l’indirizzo o l’account da sbloccare.').max(320, 'Valore troppo lungo.'),
  })
  .meta({ id: 'UnblockThrottle' });
export type UnblockThrottle = z.infer<typeof UnblockThrottleSchema>;

/** One open session of a user (issue 19 point 6). The id is a digest of the session id, never the id itself. */
export const ActiveSessionSchema = z
  .object({
    id: z.string(),
    /** The browser and system, as the browser described itself at sign-in; empty when it said nothing useful. */
    device: z.string(),
    ip: z.string().nullable(),
    signedInAt: z.iso.datetime({ offset: true }).nullable(),
    lastSeenAt: z.iso.datetime({ offset: true }),
    /** The session this request came with. */
    current: z.boolean(),
  })
  .meta({ id: 'ActiveSession' });
export type ActiveSession = z.infer<typeof ActiveSessionSchema>;

export const ActiveSessionListSchema = z.object({ items: z.array(ActiveSessionSchema) }).meta({ id: 'ActiveSessionList' });
export type ActiveSessionList = z.infer<typeof ActiveSessionListSchema>;

export const EndedSessionsSchema = z.object({ ended: z.number().int() }).meta({ id: 'EndedSessions' });
export type EndedSessions = z.infer<typeof EndedSessionsSchema>;

/** A short description of a User-Agent header: browser and system, enough to recognise one's own devices. */
export function describeDevice(userAgent: string | undefined | null): string {
  const ua = userAgent ?? '';
  const browser =
    /Edg\//.test(ua) ? 'Edge' : /OPR\/|Opera/.test(ua) ? 'Opera' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const system =
    /Android/.test(ua) ? 'Android' : /iPhone|iPad|iPod/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows' : /Mac OS X|Macintosh/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && system) return `${browser} · ${system}`;
  if (browser ?? system) return (browser ?? system) as string;
  // Empty: the page says "unknown device" in the reader's language.
  return ua.slice(0, 60);
}
