import { createHash } from 'node:crypto';
import {
  clockState,
  startClocks,
  supportMinutesBetween,
  SUPPORT_GROUPS,
  type SupportCalendar,
  type SupportGroup,
  type TicketStatus,
  type Urgency,
} from '@cit/shared';
import type { SniffResult } from '../tickets/attachments/sniff';
import type { GlpiDocument, GlpiFollowup, GlpiTicket, TicketChildren } from './glpi.repository';
import { pgInstant } from '../platform/db/pg-instant';
import {
  GLPI_STATUS_LABELS,
  htmlToPlainText,
  logField,
  logUserId,
  logValue,
  mapStatus,
  mapType,
  mapUrgency,
  mapValidation,
  normaliseEnteName,
  romeDate,
  ticketTitle,
} from './mapping';

/**
 * One MoOne ticket with everything hanging off it, mapped to the product's rows but without local ids: the same
 * source gives the same bundle, so its fingerprint tells a re-run whether anything changed.
 */

export interface LocalUser {
  id: string;
  role: string;
}

export interface Lookups {
  /** GLPI entity → Ente, or the reason it matched none. */
  entities: ReadonlyMap<number, { enteId: string; enteName: string } | { reason: string }>;
  entityNames: ReadonlyMap<number, string>;
  users: ReadonlyMap<number, LocalUser>;
  /** Author of rows whose GLPI user has no local account (no e-mail, deleted, automatic actions). */
  placeholderUserId: string;
  suppliers: ReadonlyMap<number, string>;
  groups: ReadonlyMap<number, string>;
  categories: ReadonlyMap<number, string>;
  requestTypes: ReadonlyMap<number, string>;
  contracts: ReadonlyMap<number, string>;
  slaTargets: Readonly<Record<Urgency, { takeChargeMinutes: number; resolveMinutes: number }>>;
  calendar: SupportCalendar;
  now: Date;
}

/** A document already read from --documents, checked and sniffed (or why it could not be). */
export type ResolvedDocument =
  | { ok: true; link: GlpiDocument; sha256: string; size: number; mime: string; kind: SniffResult['kind']; fileName: string }
  | { ok: false; link: GlpiDocument; reason: string };

export interface BundleFollowup {
  sourceKind: 'followups' | 'tasks' | 'solutions';
  sourceId: number;
  authorId: string;
  body: string;
  isPrivate: boolean;
  createdAt: string;
}

export interface TicketBundle {
  mooneId: number;
  enteId: string;
  enteName: string;
  year: string;
  ticket: Record<string, string | number | boolean | null>;
  facts: { entity_name: string; status_label: string; category: string | null; request_type: string | null; contracts: string[] };
  followups: BundleFollowup[];
  followers: string[];
  history: Array<{ actor_id: string | null; at: string; field: string; from_value: string | null; to_value: string | null }>;
  attachments: Array<{ followupSourceId: number | null; sha256: string; size: number; mime: string; kind: SniffResult['kind']; file_name: string; uploaded_by: string; created_at: string }>;
  survey: { score: number; comment: string | null; answered_at: string } | null;
  /** Children left out, with why (counted and listed in the report). */
  leftOut: Array<{ kind: 'followups' | 'tasks' | 'solutions' | 'validations' | 'documents' | 'satisfactions' | 'logs'; sourceId: number; reason: string; failed: boolean }>;
  counts: { followups: number; tasks: number; solutions: number; validations: number; documents: number; satisfactions: number; logs: number };
  warnings: string[];
}

export type BundleResult = { ok: true; bundle: TicketBundle; status: TicketStatus } | { ok: false; reason: string; status: string };

const iso = pgInstant;

/** A GLPI group to one of the product's support groups, by name ("Primo livello" → primo_livello). */
export function supportGroupOf(name: string | undefined): SupportGroup | null {
  if (!name) return null;
  const key = normaliseEnteName(name).replace(/ /g, '_');
  return (SUPPORT_GROUPS as readonly string[]).find((g) => key === g || key.endsWith(`_${g}`)) as SupportGroup | undefined ?? null;
}

/** `ch` holds this ticket's children only. */
export function buildBundle(t: GlpiTicket, ch: TicketChildren, docs: ResolvedDocument[], lk: Lookups): BundleResult {
  const mapped = mapStatus(Number(t.status), Number(t.is_deleted) === 1);
  const statusLabel = GLPI_STATUS_LABELS[Number(t.status)] ?? `stato ${t.status}`;
  if (!mapped) return { ok: false, reason: `stato GLPI ${t.status} sconosciuto`, status: `glpi_${t.status}` };
  const entity = lk.entities.get(Number(t.entities_id));
  if (!entity) return { ok: false, reason: `entità GLPI ${t.entities_id} inesistente`, status: mapped.status };
  if (!('enteId' in entity)) return { ok: false, reason: `Ente non abbinato: ${entity.reason}`, status: mapped.status };
  const warnings: string[] = [];
  const urgency = mapUrgency(Number(t.urgency)) ?? 'medium';
  if (!mapUrgency(Number(t.urgency))) warnings.push(`ticket ${t.id}: urgenza GLPI ${t.urgency} sconosciuta, importata come media`);
  const user = (glpiId: number | null | undefined) => (glpiId ? lk.users.get(Number(glpiId)) : undefined);
  const userOrPlaceholder = (glpiId: number | null | undefined) => user(glpiId)?.id ?? lk.placeholderUserId;

  const actors = ch.users;
  const requesters = actors.filter((a) => Number(a.type) === 1).map((a) => user(a.actor_id)).filter((u): u is LocalUser => !!u);
  const requester = requesters[0]?.id ?? user(t.users_id_recipient)?.id ?? null;
  if (!requester) warnings.push(`ticket ${t.id}: richiedente senza utenza (nessuna e-mail), attribuito a «Importazione MoOne»`);
  const requesterId = requester ?? lk.placeholderUserId;
  const staff = actors
    .filter((a) => Number(a.type) === 2)
    .map((a) => user(a.actor_id))
    .find((u) => u && (u.role === 'operator' || u.role === 'admin' || u.role === 'approver'));
  const followers = [
    ...new Set(
      actors
        .filter((a) => Number(a.type) === 1 || Number(a.type) === 3)
        .map((a) => user(a.actor_id)?.id)
        .filter((id): id is string => !!id && id !== requesterId),
    ),
  ].sort();
  const groupName = ch.groups.find((g) => Number(g.type) === 2);
  const supportGroup = supportGroupOf(groupName ? lk.groups.get(Number(groupName.actor_id)) : undefined);
  const supplierLink = ch.suppliers.find((s) => Number(s.type) === 2);
  const supplierId = supplierLink ? lk.suppliers.get(Number(supplierLink.actor_id)) ?? null : null;
  if (supplierLink && !supplierId) warnings.push(`ticket ${t.id}: fornitore GLPI ${supplierLink.actor_id} senza corrispondente, non assegnato`);

  const leftOut: TicketBundle['leftOut'] = [];
  const followups: BundleFollowup[] = [];
  const text = (f: GlpiFollowup) => htmlToPlainText(f.content) || '(senza testo)';
  const createdAt = romeDate(t.date) ?? romeDate(t.date_mod) ?? lk.now;
  const at = (s: string | null) => (romeDate(s) ?? createdAt).toISOString();
  for (const f of ch.followups) {
    followups.push({ sourceKind: 'followups', sourceId: Number(f.id), authorId: userOrPlaceholder(f.users_id), body: text(f), isPrivate: Number(f.is_private) === 1, createdAt: at(f.date) });
  }
  // Tasks are the help-desk's own work: private notes.
  for (const f of ch.tasks) {
    followups.push({ sourceKind: 'tasks', sourceId: Number(f.id), authorId: userOrPlaceholder(f.users_id), body: `Attività: ${text(f)}`, isPrivate: true, createdAt: at(f.date) });
  }
  const solutions = ch.solutions;
  const kept = solutions.filter((s) => Number(s.status) !== 4);
  const solution = kept[kept.length - 1];
  for (const s of solutions) {
    if (s === solution) continue;
    // Earlier or refused solutions stay readable as private notes; the last standing one is the ticket's solution.
    const label = Number(s.status) === 4 ? 'Soluzione rifiutata' : 'Soluzione precedente';
    followups.push({ sourceKind: 'solutions', sourceId: Number(s.id), authorId: userOrPlaceholder(s.users_id), body: `${label}: ${htmlToPlainText(s.content)}`, isPrivate: true, createdAt: at(s.date_creation) });
  }
  followups.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.sourceKind.localeCompare(b.sourceKind) || a.sourceId - b.sourceId);

  const history: TicketBundle['history'] = [{ actor_id: requesterId, at: createdAt.toISOString(), field: 'status', from_value: null, to_value: 'new' }];
  for (const l of ch.logs) {
    const field = logField(Number(l.id_search_option), Number(l.linked_action));
    history.push({ actor_id: user(logUserId(l.user_name))?.id ?? null, at: at(l.date_mod), field, from_value: logValue(field, l.old_value), to_value: logValue(field, l.new_value) });
  }
  // Validations: each decision is in the history; the last one is the ticket's approval.
  let approval: { state: 'approved' | 'rejected'; by: string | null; at: string; reason: string | null } | null = null;
  for (const v of ch.validations) {
    const decision = mapValidation(Number(v.status));
    if (!decision) {
      leftOut.push({ kind: 'validations', sourceId: Number(v.id), reason: `stato di approvazione GLPI ${v.status} senza decisione`, failed: false });
      continue;
    }
    history.push({ actor_id: user(v.users_id)?.id ?? null, at: at(v.submission_date), field: 'approval', from_value: null, to_value: 'requested' });
    if (decision !== 'requested') {
      const when = at(v.validation_date ?? v.submission_date);
      history.push({ actor_id: user(v.users_id_validate)?.id ?? null, at: when, field: 'approval', from_value: 'requested', to_value: decision });
      approval = { state: decision, by: user(v.users_id_validate)?.id ?? null, at: when, reason: htmlToPlainText(v.comment_validation) || null };
    }
  }

  const attachments: TicketBundle['attachments'] = [];
  for (const d of docs) {
    if (!d.ok) {
      leftOut.push({ kind: 'documents', sourceId: Number(d.link.link_id), reason: d.reason, failed: true });
      continue;
    }
    attachments.push({
      followupSourceId: d.link.followup_id === null ? null : Number(d.link.followup_id),
      sha256: d.sha256,
      size: d.size,
      mime: d.mime,
      kind: d.kind,
      file_name: d.fileName,
      uploaded_by: userOrPlaceholder(d.link.users_id),
      created_at: at(d.link.date),
    });
  }

  let survey: TicketBundle['survey'] = null;
  for (const s of ch.satisfactions) {
    const score = s.satisfaction === null ? null : Number(s.satisfaction);
    const answered = romeDate(s.date_answered);
    if (score === null || !answered || score < 1 || score > 5) {
      leftOut.push({ kind: 'satisfactions', sourceId: Number(s.id), reason: 'questionario senza risposta (o voto fuori da 1–5)', failed: false });
      continue;
    }
    survey = { score: Math.round(score), comment: htmlToPlainText(s.comment).slice(0, 4000) || null, answered_at: answered.toISOString() };
  }

  const target = lk.slaTargets[urgency];
  const solvedAt = romeDate(t.solvedate);
  const closedAt = romeDate(t.closedate);
  const delay = Number(t.takeintoaccount_delay_stat) || 0;
  const takenAt = delay > 0 ? new Date(createdAt.getTime() + delay * 1000) : mapped.status === 'new' ? null : createdAt;
  const glpiOwn = romeDate(t.time_to_own);
  const glpiResolve = romeDate(t.time_to_resolve);
  const open = mapped.status === 'new' || mapped.status === 'assigned' || mapped.status === 'planned';
  // SLA as MoOne had it: its due instants when it had an SLA; only open tickets without one are timed here.
  const started = open && (!glpiOwn || !glpiResolve) ? startClocks(createdAt, target, lk.calendar) : null;
  let clocks = {
    takeChargeMinutes: target.takeChargeMinutes,
    resolveMinutes: target.resolveMinutes,
    takeChargeDue: glpiOwn ?? started?.takeChargeDue ?? null,
    resolveDue: glpiResolve ?? started?.resolveDue ?? null,
    takeChargeRemaining: null as number | null,
    resolveRemaining: null as number | null,
    takenAt,
    solvedAt,
  };
  if (mapped.status === 'pending' || mapped.status === 'to_test') {
    // «Da testare» stopped the clock when the fix was delivered (GLPI's solve date, when MoOne recorded one).
    const from = (mapped.status === 'to_test' ? solvedAt : romeDate(t.begin_waiting_date)) ?? lk.now;
    const left = glpiResolve ? Math.max(0, Math.floor(supportMinutesBetween(from, glpiResolve, lk.calendar))) : target.resolveMinutes;
    clocks = { ...clocks, resolveDue: null, resolveRemaining: left };
  }
  const sla = clockState(mapped.status, clocks, lk.now, lk.calendar);
  const contracts = ch.contracts
    .map((c) => lk.contracts.get(Number(c.contracts_id)))
    .filter((n): n is string => !!n)
    .sort();

  const bundle: TicketBundle = {
    mooneId: Number(t.id),
    enteId: entity.enteId,
    enteName: entity.enteName,
    year: String(createdAt.getUTCFullYear()),
    ticket: {
      ente_id: entity.enteId,
      requester_id: requesterId,
      opened_by_id: user(t.users_id_recipient)?.id ?? requesterId,
      type: mapType(Number(t.type)),
      category: 'assistance',
      urgency,
      title: ticketTitle(t.name, Number(t.id)),
      description: htmlToPlainText(t.content) || '(nessuna descrizione)',
      status: mapped.status,
      return_status: mapped.returnStatus,
      pending_reason: mapped.pendingReason,
      assignee_id: staff?.id ?? null,
      support_group: supportGroup,
      supplier_id: supplierId,
      solution: solution ? htmlToPlainText(solution.content) || null : null,
      take_charge_minutes: clocks.takeChargeMinutes,
      resolve_minutes: clocks.resolveMinutes,
      take_charge_due: iso(clocks.takeChargeDue),
      resolve_due: iso(clocks.resolveDue),
      take_charge_remaining: clocks.takeChargeRemaining,
      resolve_remaining: clocks.resolveRemaining,
      taken_at: iso(takenAt),
      solved_at: iso(solvedAt),
      closed_at: iso(closedAt),
      deleted_at: mapped.status === 'deleted' ? (romeDate(t.date_mod) ?? createdAt).toISOString() : null,
      sla_state: sla.slaState,
      queue_due: iso(sla.queueDue),
      created_at: createdAt.toISOString(),
      updated_at: (romeDate(t.date_mod) ?? createdAt).toISOString(),
      approval_state: approval?.state ?? 'none',
      approval_reason: approval?.state === 'rejected' ? approval.reason : null,
      approved_by: approval?.by ?? null,
      approved_at: approval?.at ?? null,
      // MoOne's approvals are history: marked applied so the services worker never turns them into records
      // (service records come from SoftwareCit).
      applied_at: approval?.state === 'approved' ? approval.at : null,
    },
    facts: {
      entity_name: lk.entityNames.get(Number(t.entities_id)) ?? '',
      status_label: statusLabel,
      category: lk.categories.get(Number(t.itilcategories_id)) ?? null,
      request_type: lk.requestTypes.get(Number(t.requesttypes_id)) ?? null,
      contracts,
    },
    followups,
    followers,
    history,
    attachments,
    survey,
    leftOut,
    counts: {
      followups: ch.followups.length,
      tasks: ch.tasks.length,
      solutions: solutions.length,
      validations: ch.validations.length,
      documents: docs.length,
      satisfactions: ch.satisfactions.length,
      logs: ch.logs.length,
    },
    warnings,
  };
  return { ok: true, bundle, status: mapped.status };
}

/** Digest of what would be written for the ticket (run-independent: no local ids of the ticket's own rows). */
export function fingerprint(b: TicketBundle): string {
  // The SLA badge moves with the clock (ok → at risk → breached) and the SLA job keeps it: not a change in MoOne.
  const { sla_state: _moving, ...ticket } = b.ticket;
  const { facts, followups, followers, history, attachments, survey } = b;
  return createHash('sha1').update(JSON.stringify({ ticket, facts, followups, followers, history, attachments, survey })).digest('hex');
}
