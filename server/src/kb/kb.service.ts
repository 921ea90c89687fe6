import type { DataSource } from 'typeorm';
import {
  can,
  KB_AUDIENCES,
  KB_STATUSES,
  kbDraftFromTicket,
  type KbArticle,
  type KbArticleList,
  type KbAudience,
  type KbDeflection,
  type KbListQuery,
  type KbStatus,
  type Role,
  type TicketDetail,
  type SaveKbArticle,
  type UpdateKbArticle,
} from '@cit/shared';
import { renderKbMarkdown } from '@cit/shared/kb-markdown';
import type { AuthContext } from '../auth/context';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import {
  deleteKbArticle,
  insertKbArticle,
  insertSuggestionEvents,
  readKbArticle,
  searchKbArticles,
  suggestionFigures,
  updateKbArticle,
  type KbArticleRow,
} from './kb.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHAT = "L'articolo";

interface Caller {
  id: string;
  role: Role;
}

/** The CIT staff read every article; everybody else only those for the Enti ('cit' ones do not exist for them: 404). */
export function kbAudiencesFor(me: { role: Role }): readonly KbAudience[] {
  return can(me, 'kb.manage') ? KB_AUDIENCES : ['enti'];
}

/** Drafts are the staff's work in progress: for everybody else they do not exist. */
export function kbStatusesFor(me: { role: Role }): readonly KbStatus[] {
  return can(me, 'kb.manage') ? KB_STATUSES : ['published'];
}

const toArticle = (row: KbArticleRow): KbArticle => ({ ...row, html: renderKbMarkdown(row.body) });
const values = (input: SaveKbArticle) => ({
  title: input.title,
  body: input.body,
  serviceCode: input.serviceCode ?? null,
  category: input.category ?? null,
  audience: input.audience,
  status: input.status ?? 'published',
  reviewedOn: input.reviewedOn ?? null,
});
// What the audit log keeps of an article: its content and version, not the rendering.
const audited = ({ title, body, serviceCode, category, audience, status, reviewedOn, version }: KbArticleRow) => ({
  title,
  body,
  serviceCode,
  category,
  audience,
  status,
  reviewedOn,
  version,
});

/** A ticket as its page shows it to the caller (404 if the caller may not see it): the tickets module's reading. */
export type TicketReader = (auth: AuthContext, id: string) => Promise<TicketDetail>;

/** The knowledge base: articles written by the CIT staff (every change in the audit log), read and searched by all. */
export class KbService {
  constructor(
    private readonly ds: DataSource,
    private readonly ticket: TicketReader,
  ) {}

  async list(me: Caller, query: KbListQuery): Promise<KbArticleList> {
    // The filters only narrow what the caller may see: an Ente asking for 'cit' or drafts gets nothing more.
    const audiences = kbAudiencesFor(me).filter((a) => !query.audience || a === query.audience);
    const statuses = kbStatusesFor(me).filter((s) => !query.status || s === query.status);
    if (!audiences.length || !statuses.length) return { items: [] };
    return { items: await searchKbArticles(this.ds, audiences, statuses, query.q || undefined, query.limit, query.match === 'any') };
  }

  async read(me: Caller, id: string): Promise<KbArticle> {
    const row = UUID.test(id) ? await readKbArticle(this.ds, id) : undefined;
    if (!row || !kbAudiencesFor(me).includes(row.audience) || !kbStatusesFor(me).includes(row.status)) throw notFound(WHAT);
    return toArticle(row);
  }

  async create(actor: AuditActor, input: SaveKbArticle, fromTicket?: string): Promise<KbArticle> {
    return this.ds.transaction(async (tx) => {
      const id = await insertKbArticle(tx, values(input), actor.userId);
      const after = await readKbArticle(tx, id);
      if (!after) throw new Error('kb article vanished after insert');
      // The ticket it came from is kept in the history (its protocol, not its content: that is in the article).
      const entry = fromTicket ? { ...audited(after), fromTicket } : audited(after);
      await recordChange(tx, actor, { entity: 'kb_articles', recordId: id, action: 'create', before: null, after: entry });
      return toArticle(after);
    });
  }

  /**
   * A draft for the CIT only, from a ticket the caller can see: its title, request, public replies and solution,
   * without internal notes and with the people's contact data and names hidden (`kbDraftFromTicket`).
   */
  async draftFromTicket(auth: AuthContext, actor: AuditActor, ticketId: string): Promise<KbArticle> {
    const t = await this.ticket(auth, ticketId);
    const followUps = t.timeline.flatMap((e) => (e.kind === 'followup' ? [e] : []));
    const names = [t.requester.name, t.openedBy.name, ...followUps.map((f) => f.actor.name)];
    const draft = kbDraftFromTicket({ title: t.title, description: t.description, solution: t.solution, replies: followUps.filter((f) => !f.private).map((f) => f.body), names });
    // Audience 'cit' until a person decides otherwise: a draft published by mistake then still stays inside the CIT.
    return this.create(actor, { ...draft, serviceCode: t.serviceCode, category: null, audience: 'cit', status: 'draft', reviewedOn: null }, t.protocol);
  }

  async update(actor: AuditActor, id: string, input: UpdateKbArticle): Promise<KbArticle> {
    return this.ds.transaction(async (tx) => {
      const before = UUID.test(id) ? await readKbArticle(tx, id, true) : undefined;
      if (!before) throw notFound(WHAT);
      if (before.version !== input.version) throw await staleVersion(tx, 'kb_articles', id, toArticle(before));
      await updateKbArticle(tx, id, values(input));
      const after = await readKbArticle(tx, id);
      if (!after) throw new Error('kb article vanished after update');
      await recordChange(tx, actor, { entity: 'kb_articles', recordId: id, action: 'update', before: audited(before), after: audited(after) });
      return toArticle(after);
    });
  }

  async remove(actor: AuditActor, id: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const before = UUID.test(id) ? await readKbArticle(tx, id, true) : undefined;
      if (!before) throw notFound(WHAT);
      await deleteKbArticle(tx, id);
      await recordChange(tx, actor, { entity: 'kb_articles', recordId: id, action: 'delete', before: audited(before), after: null });
    });
  }

  /** Records what the caller did with the suggestions of one new-ticket form (articles it may not see are ignored). */
  async recordSuggestion(me: Caller, formSession: string, kind: string, articleIds: readonly string[]): Promise<void> {
    await insertSuggestionEvents(this.ds, formSession, kind, me.id, articleIds, kbAudiencesFor(me));
  }

  async deflection(): Promise<KbDeflection> {
    return suggestionFigures(this.ds);
  }
}
