import type { DataSource, EntityManager } from 'typeorm';
import type { Announcement, AnnouncementsAudience, CreateAnnouncement, CurrentAnnouncements, UpdateAnnouncement } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { fieldError, notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import { enqueue } from '../platform/outbox/outbox';
import {
  currentAnnouncements,
  dismissAnnouncement,
  endAnnouncement,
  existingEnti,
  insertAnnouncement,
  listAnnouncements,
  readAnnouncement,
  updateAnnouncement,
} from './announcements.repository';

const NOT_FOUND = 'L’avviso';

/** Who must refetch after a change: the union of the audiences before and after it (a removed Ente loses the banner). */
function audienceOf(...versions: Array<Pick<Announcement, 'allEnti' | 'enti' | 'includeStaff'> | undefined>): AnnouncementsAudience {
  const present = versions.filter((v) => v !== undefined);
  const everyone = present.some((v) => v.allEnti);
  return {
    enteIds: everyone ? null : [...new Set(present.flatMap((v) => v.enti.map((e) => e.id)))],
    // The admins' own list follows every change, whoever the banner is for.
    staff: true,
  };
}

/**
 * Announcements: the admins publish, change and end them (audited, with the live event in the same transaction);
 * every signed-in user reads the ones meant for them and may dismiss one.
 */
export class AnnouncementsService {
  constructor(
    private readonly ds: DataSource,
    private readonly now: () => Date,
  ) {}

  list(): Promise<Announcement[]> {
    return listAnnouncements(this.ds, this.now());
  }

  current(auth: AuthContext): Promise<CurrentAnnouncements> {
    return currentAnnouncements(this.ds, auth.user, auth.scope, this.now());
  }

  async dismiss(auth: AuthContext, id: string): Promise<void> {
    if (!(await dismissAnnouncement(this.ds, id, auth.user, auth.scope, this.now()))) throw notFound(NOT_FOUND);
  }

  async create(actor: AuditActor & { userId: string }, v: CreateAnnouncement): Promise<Announcement> {
    await this.checkEnti(v);
    return this.ds.transaction(async (tx) => {
      const id = await insertAnnouncement(tx, v, actor.userId);
      const after = await this.read(tx, id);
      await recordChange(tx, actor, { entity: 'announcements', recordId: id, action: 'publish', before: null, after });
      await enqueue(tx, 'live.announcements', audienceOf(after));
      return after;
    });
  }

  async update(actor: AuditActor, id: string, v: UpdateAnnouncement): Promise<Announcement> {
    await this.checkEnti(v);
    return this.ds.transaction(async (tx) => {
      const before = await this.read(tx, id, true);
      if (before.version !== v.version) throw await staleVersion(tx, 'announcements', id, before);
      await updateAnnouncement(tx, id, v);
      const after = await this.read(tx, id);
      await recordChange(tx, actor, { entity: 'announcements', recordId: id, action: 'update', before, after });
      await enqueue(tx, 'live.announcements', audienceOf(before, after));
      return after;
    });
  }

  /** Ends it now (an ended one stays as it is: ending twice changes nothing). */
  async end(actor: AuditActor, id: string, version: number): Promise<Announcement> {
    return this.ds.transaction(async (tx) => {
      const before = await this.read(tx, id, true);
      if (before.version !== version) throw await staleVersion(tx, 'announcements', id, before);
      if (before.status === 'ended') return before;
      await endAnnouncement(tx, id, this.now());
      const after = await this.read(tx, id);
      await recordChange(tx, actor, { entity: 'announcements', recordId: id, action: 'update', before, after });
      await enqueue(tx, 'live.announcements', audienceOf(before));
      return after;
    });
  }

  private async read(tx: EntityManager, id: string, forUpdate = false): Promise<Announcement> {
    const a = await readAnnouncement(tx, id, this.now(), forUpdate);
    if (!a) throw notFound(NOT_FOUND);
    return a;
  }

  private async checkEnti(v: CreateAnnouncement): Promise<void> {
    if (v.allEnti) return;
    const found = new Set(await existingEnti(this.ds, v.enteIds));
    const missing = v.enteIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw fieldError(`enteIds.${missing}`, 'Ente non trovato.');
  }
}
