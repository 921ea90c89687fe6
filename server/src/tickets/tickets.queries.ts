import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import {
  cursorPart,
  allowedActions,
  canSeePrivateNotes,
  isStaff,
  NO_DUE,
  TICKET_COUNT_CAP,
  TICKET_STATUSES,
  type TicketCounts,
  type TicketDashboard,
  type TicketDetail,
  type TicketList,
  type TicketListQuery,
  type TicketStatus,
  type TicketSummary,
  type TimelineEntry,
} from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { enteNames } from '../enti/names.repository';
import { supportGroupNames } from '../support-groups/support-groups.repository';
import { AppError } from '../platform/http/errors';
import { decodeCursor, encodeCursor } from '../platform/http/cursor';
import { Supplier } from '../suppliers/supplier.entity';
import { TicketAttachment } from './attachment.entity';
import { TicketFollowUp } from './followup.entity';
import { TicketHistory } from './history.entity';
import { TicketStatusCount } from './status-count.entity';
import { TicketStatusTotal } from './status-total.entity';
import { Ticket } from './ticket.entity';
import { formVerdictsOf } from '../service-requests/form-verdict';
import { actorOf, formatProtocol, MOONE_PROTOCOL_YEAR } from './tickets.service';

type Sort = NonNullable<TicketListQuery['sort']>;

/** Keyset order per sort: column, direction; the id breaks ties so pages never overlap or skip. */
const ORDER: Record<Sort, { column: string; dir: 'ASC' | 'DESC'; key: (t: Ticket) => Date }> = {
  sla: { column: 't.queue_due', dir: 'ASC', key: (t) => t.queueDue },
  newest: { column: 't.created_at', dir: 'DESC', key: (t) => t.createdAt },
  oldest: { column: 't.created_at', dir: 'ASC', key: (t) => t.createdAt },
  updated: { column: 't.updated_at', dir: 'DESC', key: (t) => t.updatedAt },
};

const zeroCounts = () => Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as TicketCounts;

const iso = (d: Date | null) => (d && d.getTime() !== NO_DUE.getTime() ? d.toISOString() : null);

interface Counted {
  counts: TicketCounts;
  capped: boolean;
  estimated: boolean;
  /** The matching ids when they were all read (not capped): the page is taken from them. */
  ids: string[];
}

/** Reads of tickets, always through the caller's ScopedDb: lists, counts, search, detail and dashboard. */
export class TicketQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly options: { estimateAbove: number } = { estimateAbove: 100_000 },
  ) {}

  async list(auth: AuthContext, query: TicketListQuery): Promise<TicketList> {
    const sort: Sort = query.sort ?? (isStaff(auth.user.role) ? 'sla' : 'newest');
    const order = ORDER[sort];
    const page = this.filtered(auth, query, true)
      .orderBy(order.column, order.dir)
      .addOrderBy('t.id', order.dir)
      .limit(query.limit + 1);
    if (query.cursor) {
      const [at, id] = decodeCursor(query.cursor, z.tuple([cursorPart.instant, cursorPart.uuid]));
      const cmp = order.dir === 'ASC' ? '>' : '<';
      page.andWhere(`(${order.column}, t.id) ${cmp} (:cAt, :cId)`, { cAt: new Date(at), cId: id });
    }
    let rows: Ticket[];
    let counted: Counted;
    if (query.q) {
      // A search runs its capped match set first. Up to the cap, the page is taken from those ids (a sort of at most
      // 10,000 rows); beyond it matches are dense and walking the list's index order finds a page at once. Left to
      // itself, the planner can walk the whole index for a rare word it expects to be common (a timeout at 10M).
      counted = await this.counts(auth, query);
      if (!counted.capped) page.andWhere('t.id = ANY(:matched)', { matched: counted.ids });
      rows = await page.getMany();
    } else [rows, counted] = await Promise.all([page.getMany(), this.counts(auth, query)]);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: await this.summaries(items, isStaff(auth.user.role)),
      nextCursor: rows.length > query.limit && last ? encodeCursor([order.key(last).toISOString(), last.id]) : null,
      counts: counted.counts,
      countsCapped: counted.capped,
      countsEstimated: counted.estimated,
    };
  }

  /**
   * The export of the list (`…/export/{format}`): the same filters, scope and order, every match (no page, no counts),
   * with the names the list shows, as one SELECT for a cursor. Dates come formatted in Italian time by PostgreSQL.
   */
  exportQuery(auth: AuthContext, query: TicketListQuery): [string, unknown[]] {
    const staff = isStaff(auth.user.role);
    const order = ORDER[query.sort ?? (staff ? 'sla' : 'newest')];
    const local = (column: string) => `to_char(${column} AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD HH24:MI')`;
    const qb = this.filtered(auth, query, true)
      .select('t.protocol_year', 'protocolYear')
      .addSelect('t.protocol_number', 'protocolNumber')
      .addSelect('(SELECT e.name FROM enti e WHERE e.id = t.ente_id)', 'ente')
      .addSelect('t.type', 'type')
      .addSelect('t.category', 'category')
      .addSelect('t.service_code', 'serviceCode')
      .addSelect('t.urgency', 'urgency')
      .addSelect('t.title', 'title')
      .addSelect('t.status', 'status')
      .addSelect('(SELECT g.name FROM support_groups g WHERE g.key = t.support_group)', 'groupName')
      .addSelect('(SELECT u.name FROM users u WHERE u.id = t.assignee_id)', 'assignee')
      .addSelect('(SELECT s.name FROM suppliers s WHERE s.id = t.supplier_id)', 'supplier')
      .addSelect('t.channel', 'channel')
      .addSelect(local('t.created_at'), 'createdAt')
      .addSelect(local('t.updated_at'), 'updatedAt')
      .addSelect(`CASE WHEN t.resolve_due <> :noDue THEN ${local('t.resolve_due')} END`, 'resolveDue')
      .addSelect('t.sla_state', 'slaState')
      // Labels are the CIT's own triage marks: exported to its staff only, like the list shows them.
      .addSelect(staff ? `array_to_string(t.labels, ', ')` : `''`, 'labels')
      .setParameter('noDue', NO_DUE)
      .orderBy(order.column, order.dir)
      .addOrderBy('t.id', order.dir);
    return qb.getQueryAndParameters();
  }

  async dashboard(auth: AuthContext): Promise<TicketDashboard> {
    const running = ['new', 'assigned', 'planned'];
    const base = () => auth.db.select(Ticket, 't').orderBy('t.queue_due', 'ASC').addOrderBy('t.id', 'ASC').limit(50);
    const [{ counts }, mine, atRisk, breached] = await Promise.all([
      this.counts(auth, {}),
      base()
        .andWhere('t.assignee_id = :me', { me: auth.user.id })
        .andWhere(`t.status IN ('new', 'assigned', 'planned', 'pending')`)
        .getMany(),
      base().andWhere(`t.sla_state = 'at_risk'`).andWhere('t.status IN (:...running)', { running }).getMany(),
      base().andWhere(`t.sla_state = 'breached'`).andWhere('t.status IN (:...running)', { running }).getMany(),
    ]);
    return { counts, mine: await this.summaries(mine), atRisk: await this.summaries(atRisk), breached: await this.summaries(breached) };
  }

  async detail(auth: AuthContext, id: string): Promise<TicketDetail> {
    const t = await auth.db.get(Ticket, id, 'Il ticket');
    const seesPrivate = canSeePrivateNotes(auth.user.role);
    const followUps = auth.db.select(TicketFollowUp, 'f').andWhere('f.ticket_id = :id', { id }).orderBy('f.created_at').addOrderBy('f.id');
    if (!seesPrivate) followUps.andWhere('f.is_private = false');
    const attachments = auth.db
      .select(TicketAttachment, 'a')
      .leftJoin(TicketFollowUp, 'af', 'af.id = a.followup_id')
      .andWhere('a.ticket_id = :id', { id })
      .orderBy('a.created_at')
      .addOrderBy('a.id');
    if (!seesPrivate) attachments.andWhere('(af.id IS NULL OR af.is_private = false)');
    const history = auth.db.select(TicketHistory, 'h').andWhere('h.ticket_id = :id', { id }).orderBy('h.id');
    // Internal fields (who it was assigned to inside the CIT is visible, but delete reasons and private ids are not).
    if (!isStaff(auth.user.role)) history.andWhere(`h.field NOT IN ('delete_reason', 'group', 'routing_rule', 'labels')`);
    const [[summary], fus, atts, hist] = await Promise.all([this.summaries([t], isStaff(auth.user.role)), followUps.getMany(), attachments.getMany(), history.getMany()]);
    if (!summary) throw new Error('summary missing');
    const names = await this.userNames([t.requesterId, t.openedById, ...fus.map((f) => f.authorId), ...atts.map((a) => a.uploadedBy), ...hist.map((h) => h.actorId)]);
    const ref = (userId: string) => ({ id: userId, name: names.get(userId) ?? '—' });
    const timeline: TimelineEntry[] = [
      ...hist.map(
        (h): TimelineEntry => ({
          kind: 'history',
          at: h.at.toISOString(),
          actor: h.actorId ? ref(h.actorId) : null,
          field: h.field,
          from: h.fromValue,
          to: h.toValue,
        }),
      ),
      ...fus.map(
        (f): TimelineEntry => ({ kind: 'followup', id: f.id, at: f.createdAt.toISOString(), actor: ref(f.authorId), body: f.body, private: f.isPrivate }),
      ),
    ].sort((a, b) => a.at.localeCompare(b.at));
    const verdict = t.category === 'assistance' ? undefined : (await formVerdictsOf(this.ds, [t.id])).get(t.id);
    return {
      ...summary,
      ...(verdict ? { formVerdict: verdict } : {}),
      description: t.description,
      requester: ref(t.requesterId),
      openedBy: ref(t.openedById),
      pendingReason: t.pendingReason,
      solution: t.solution,
      serviceVariant: t.serviceVariant,
      quantity: t.quantity,
      unitLabels: t.unitLabels,
      targetRecordIds: t.targetRecordIds,
      approvalReason: t.approvalReason,
      allowedActions: allowedActions(t, actorOf(auth)),
      attachments: atts.map((a) => ({
        id: a.id,
        fileName: a.fileName,
        mime: a.mime,
        size: a.size,
        kind: a.kind,
        uploadedBy: ref(a.uploadedBy),
        uploadedAt: a.createdAt.toISOString(),
        followUpId: a.followUpId,
        signedFormCheck: a.signedFormCheck,
      })),
      timeline,
    };
  }

  /** An attachment the caller may download (same visibility as the ticket page), or 404. */
  async attachment(auth: AuthContext, ticketId: string, attachmentId: string): Promise<TicketAttachment> {
    const qb = auth.db
      .select(TicketAttachment, 'a')
      .leftJoin(TicketFollowUp, 'af', 'af.id = a.followup_id')
      .andWhere('a.id = :attachmentId AND a.ticket_id = :ticketId', { attachmentId, ticketId });
    if (!canSeePrivateNotes(auth.user.role)) qb.andWhere('(af.id IS NULL OR af.is_private = false)');
    const uuid = /^[0-9a-f-]{36}$/i;
    const row = uuid.test(ticketId) && uuid.test(attachmentId) ? await qb.getOne() : null;
    if (!row) throw new AppError(404, 'not_found', "L'allegato non esiste o non è visibile con il Suo profilo.");
    return row;
  }

  private filtered(auth: AuthContext, q: Partial<TicketListQuery>, withStatus: boolean): SelectQueryBuilder<Ticket> {
    const qb = auth.db.select(Ticket, 't');
    if (withStatus && q.status) qb.andWhere('t.status IN (:...status)', { status: q.status });
    else if (withStatus) qb.andWhere(`t.status <> 'deleted'`);
    if (q.urgency) qb.andWhere('t.urgency IN (:...urgency)', { urgency: q.urgency });
    if (q.category) qb.andWhere('t.category IN (:...category)', { category: q.category });
    if (q.serviceCode) qb.andWhere('t.service_code = :serviceCode', { serviceCode: q.serviceCode });
    if (q.enteId) qb.andWhere('t.ente_id = :enteId', { enteId: q.enteId });
    if (q.assignee === 'none') qb.andWhere('t.assignee_id IS NULL');
    else if (q.assignee) qb.andWhere('t.assignee_id = :assignee', { assignee: q.assignee === 'me' ? auth.user.id : q.assignee });
    if (q.group === 'mine') {
      qb.andWhere('t.support_group IN (SELECT m.group_key FROM support_group_members m WHERE m.user_id = :groupMember)', { groupMember: auth.user.id });
    } else if (q.group) qb.andWhere('t.support_group = :group', { group: q.group });
    // Labels are the CIT's triage marks: for anyone else no ticket carries one (the filter cannot reveal them).
    if (q.label) qb.andWhere(isStaff(auth.user.role) ? 't.labels @> ARRAY[CAST(:label AS text)]' : 'false', { label: q.label });
    if (q.supplierId) qb.andWhere('t.supplier_id = :supplierId', { supplierId: q.supplierId });
    if (q.slaState) qb.andWhere('t.sla_state IN (:...slaState)', { slaState: q.slaState });
    if (q.approvalState) qb.andWhere('t.approval_state IN (:...approvalState)', { approvalState: q.approvalState });
    if (q.applyFailed !== undefined) qb.andWhere(q.applyFailed ? 't.apply_failed_at IS NOT NULL' : 't.apply_failed_at IS NULL');
    if (q.createdFrom) qb.andWhere(`t.created_at >= (CAST(:from AS date) AT TIME ZONE 'Europe/Rome')`, { from: q.createdFrom });
    if (q.createdTo) qb.andWhere(`t.created_at < ((CAST(:to AS date) + 1) AT TIME ZONE 'Europe/Rome')`, { to: q.createdTo });
    if (q.q) {
      const protocol = /^(\d{4})\/(\d{1,9})$/.exec(q.q);
      // The MoOne ID people quote in e-mails ("ID : 55487"), alone or as "MoOne 55487": imported tickets carry it as
      // their protocol number in the MoOne register (year 0).
      const moone = /^(moone[\s/:]*)?(\d{1,9})$/i.exec(q.q.trim());
      if (protocol) {
        qb.andWhere('t.protocol_year = :py AND t.protocol_number = :pn', { py: Number(protocol[1]), pn: Number(protocol[2]) });
      } else if (moone?.[1]) {
        qb.andWhere('t.protocol_year = :py AND t.protocol_number = :pn', { py: MOONE_PROTOCOL_YEAR, pn: Number(moone[2]) });
      } else {
        // Follow-ups count only when the caller could read them: private notes never leak through search.
        // ANY(ARRAY(…)) turns the follow-up matches into a constant id list, so PostgreSQL combines the two GIN
        // indexes (bitmap OR) instead of scanning the queue; measured 5–50× faster than IN (… UNION …).
        const visible = canSeePrivateNotes(auth.user.role) ? '' : 'AND NOT f.is_private';
        const mooneId = moone ? 'OR (t.protocol_year = :py AND t.protocol_number = :pn)' : '';
        qb.andWhere(
          `(t.search @@ websearch_to_tsquery('italian', :q) ${mooneId}
            OR t.id = ANY(ARRAY(SELECT f.ticket_id FROM ticket_followups f WHERE f.search @@ websearch_to_tsquery('italian', :q) ${visible})))`,
          { q: q.q, py: MOONE_PROTOCOL_YEAR, pn: moone ? Number(moone[2]) : 0 },
        );
      }
    }
    return qb;
  }

  /**
   * Tickets per status for the list's filters (the status filter aside). Filtered by scope and Ente only, the
   * counts come from the tables the triggers keep (totals for staff, at most 7 rows per Ente otherwise); any other
   * filter counts the matching tickets, up to TICKET_COUNT_CAP of them (then `capped`: the counts are lower bounds),
   * except a one-word search that PostgreSQL's statistics say matches more than `estimateAbove` tickets: counting
   * those means reading the word's whole posting list (about 140 ms for 800,000 tickets at 10M, whatever the cap),
   * so its counts are that estimate split like the kept counts (`estimated`). The statistics count a single word
   * within a few per cent; for several words they assume independence and can be off many times, so those are counted.
   */
  private async counts(auth: AuthContext, q: Partial<TicketListQuery>): Promise<Counted> {
    const { enteId, status: _status, sort: _sort, cursor: _cursor, limit: _limit, ...others } = q;
    const keepsCounts = auth.db.scope.kind !== 'supplier';
    if (keepsCounts && Object.values(others).every((v) => v === undefined)) {
      return { counts: await this.keptCounts(auth, enteId), capped: false, estimated: false, ids: [] };
    }
    // MATERIALIZED keeps the outer LIMIT from shaping the plan: with it, PostgreSQL may bet on a sequential scan
    // stopping early, and lose the bet by reading every ticket when the filters match few.
    const matches = this.filtered(auth, q, false).select('t.id', 'id').addSelect('t.status', 'status');
    const [sql, parameters] = matches.getQueryAndParameters();
    if (keepsCounts && q.q && (await this.oneWord(q.q))) {
      const [explained] = (await this.ds.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters)) as Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>;
      const estimate = explained?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0;
      if (estimate > this.options.estimateAbove) {
        const kept = await this.keptCounts(auth, enteId);
        const total = Object.values(kept).reduce((a, b) => a + b, 0);
        const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, total ? Math.round((estimate * kept[s]) / total) : 0])) as TicketCounts;
        return { counts, capped: true, estimated: true, ids: [] };
      }
    }
    const counts = zeroCounts();
    const rows = (await this.ds.query(`WITH m AS MATERIALIZED (${sql}) SELECT id, status FROM m LIMIT ${TICKET_COUNT_CAP + 1}`, parameters)) as Array<{
      id: string;
      status: TicketStatus;
    }>;
    for (const r of rows) counts[r.status]++;
    const capped = rows.length > TICKET_COUNT_CAP;
    return { counts, capped, estimated: false, ids: capped ? [] : rows.map((r) => r.id) };
  }

  /** The counts the triggers keep: totals over every Ente for staff without an Ente filter, else per Ente. */
  private async keptCounts(auth: AuthContext, enteId: string | undefined): Promise<TicketCounts> {
    const counts = zeroCounts();
    // Staff without an Ente filter: the totals over every Ente (64 shards × 7 statuses) instead of 7 rows per Ente.
    const table = auth.db.scope.kind === 'all' && !enteId ? TicketStatusTotal : TicketStatusCount;
    const qb = auth.db.select<TicketStatusTotal | TicketStatusCount>(table, 't').select('t.status', 'status').addSelect('sum(t.n)::int', 'n').groupBy('t.status');
    if (enteId) qb.andWhere('t.ente_id = :enteId', { enteId });
    for (const r of (await qb.getRawMany()) as Array<{ status: TicketStatus; n: number }>) counts[r.status] = r.n;
    return counts;
  }

  /** Whether a search is one word for the full-text parser (a protocol number, "e-mail" or two words are not). */
  private async oneWord(text: string): Promise<boolean> {
    // Only letters and digits can be one token; anything else (a space, a slash, a hyphen) is counted, which is always right.
    if (!/^[\p{L}\p{N}]+$/u.test(text)) return false;
    // A stop word has no lexeme at all.
    const [row] = (await this.ds.query(`SELECT numnode(websearch_to_tsquery('italian', $1)) = 1 AS one`, [text])) as Array<{ one: boolean }>;
    return row?.one === true;
  }

  /** `staff`: the caller is CIT staff; labels (the CIT's own triage marks) are shown to them only. */
  private async summaries(tickets: Ticket[], staff = true): Promise<TicketSummary[]> {
    if (tickets.length === 0) return [];
    const enteIds = [...new Set(tickets.map((t) => t.enteId))];
    const supplierIds = [...new Set(tickets.flatMap((t) => (t.supplierId ? [t.supplierId] : [])))];
    // Names of the Enti and suppliers of tickets the caller can already see: reading them adds no visibility.
    const [enteName, suppliers, users, groupName] = await Promise.all([
      enteNames(this.ds, enteIds),
      supplierIds.length ? this.ds.getRepository(Supplier).createQueryBuilder('s').select(['s.id', 's.name']).whereInIds(supplierIds).getMany() : [],
      this.userNames(tickets.map((t) => t.assigneeId)),
      supportGroupNames(this.ds, tickets.map((t) => t.supportGroup)),
    ]);
    const supplierName = new Map(suppliers.map((s) => [s.id, s.name]));
    return tickets.map((t) => ({
      id: t.id,
      protocol: formatProtocol(t.protocolYear, t.protocolNumber),
      ente: { id: t.enteId, name: enteName.get(t.enteId) ?? '—' },
      type: t.type,
      category: t.category,
      serviceCode: t.serviceCode,
      urgency: t.urgency,
      title: t.title,
      status: t.status,
      assignee: t.assigneeId ? { id: t.assigneeId, name: users.get(t.assigneeId) ?? '—' } : null,
      group: t.supportGroup,
      groupName: t.supportGroup ? (groupName.get(t.supportGroup) ?? t.supportGroup) : null,
      labels: staff ? t.labels : [],
      channel: t.channel,
      supplier: t.supplierId ? { id: t.supplierId, name: supplierName.get(t.supplierId) ?? '—' } : null,
      plannedFor: iso(t.plannedFor),
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
      takeChargeDue: iso(t.takenAt ? null : t.takeChargeDue),
      resolveDue: iso(t.resolveDue),
      slaState: t.slaState,
      approvalState: t.approvalState,
      applyFailure: t.applyFailure,
      applyFailedAt: iso(t.applyFailedAt),
    }));
  }

  private async userNames(ids: Array<string | null>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    if (unique.length === 0) return new Map();
    const rows = (await this.ds.query(`SELECT id, name FROM users WHERE id = ANY($1::uuid[])`, [unique])) as Array<{ id: string; name: string }>;
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
