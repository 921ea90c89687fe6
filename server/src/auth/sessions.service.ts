import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ActiveSession, EndedSessions } from '@cit/shared';
import { notFound } from '../platform/http/errors';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import type { LiveSessions } from './password-links';
import { deleteSessions, openSessions, userExists, type SessionRow } from './sessions.repository';

/** What identifies a session on the page and in the API: a digest, since the session id itself is the secret. */
export function publicSessionId(sid: string): string {
  return createHash('sha256').update(sid, 'utf8').digest('base64url').slice(0, 22);
}

function toActive(row: SessionRow, currentSid: string | undefined): ActiveSession {
  return {
    id: publicSessionId(row.sid),
    device: row.sess.device ?? '',
    ip: row.sess.ip ?? null,
    signedInAt: row.sess.signedInAt ?? null,
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.sid === currentSid,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A user's open sessions (issue 19 point 6): the user sees and ends their own, an admin ends someone else's.
 * Ending sessions also drops the user's live connections; the user's other tabs reconnect on their own
 * sessions if those still exist.
 */
export class SessionsService {
  constructor(
    private readonly ds: DataSource,
    private readonly ttlHours: number,
    private readonly live: LiveSessions,
  ) {}

  async list(userId: string, currentSid?: string): Promise<ActiveSession[]> {
    if (!UUID.test(userId)) throw notFound("L'utente");
    return (await openSessions(this.ds, userId, this.ttlHours)).map((row) => toActive(row, currentSid));
  }

  /** Ends one of the user's sessions by its public id; 404 when the user has no such session. */
  async endOne(userId: string, publicId: string): Promise<{ wasCurrent: (sid: string) => boolean }> {
    const row = (await openSessions(this.ds, userId, this.ttlHours)).find((r) => publicSessionId(r.sid) === publicId);
    if (!row) throw notFound('La sessione');
    await deleteSessions(this.ds, userId, [row.sid]);
    this.live.disconnectUser(userId);
    return { wasCurrent: (sid) => sid === row.sid };
  }

  /** Ends every session of the user except `keepSid` (the caller's own, when users end "all the others"). */
  async endAll(userId: string, keepSid?: string): Promise<EndedSessions> {
    const sids = (await openSessions(this.ds, userId, this.ttlHours)).map((r) => r.sid).filter((sid) => sid !== keepSid);
    const ended = sids.length ? await deleteSessions(this.ds, userId, sids) : 0;
    if (ended > 0) this.live.disconnectUser(userId);
    return { ended };
  }

  /** An admin ends all of a user's sessions; recorded in the audit log with how many there were. */
  async endAllByAdmin(userId: string, audit: AuditActor): Promise<EndedSessions> {
    if (!UUID.test(userId)) throw notFound("L'utente");
    return this.ds.transaction(async (tx) => {
      if (!(await userExists(tx, userId))) throw notFound("L'utente");
      const sids = (await openSessions(tx, userId, this.ttlHours)).map((r) => r.sid);
      const ended = sids.length ? await deleteSessions(tx, userId, sids) : 0;
      await recordChange(tx, audit, { entity: 'sessions', recordId: userId, action: 'delete', before: { openSessions: ended }, after: { openSessions: 0 } });
      return { ended };
    }).then((result) => {
      // After the commit, so a socket cannot reconnect on a row still visible to it.
      this.live.disconnectUser(userId);
      return result;
    });
  }
}
