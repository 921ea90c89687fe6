import type { DataSource } from 'typeorm';
import { BRESCIA_CALENDAR, type SupportCalendar } from '@cit/shared';
import type { AttachmentStore } from '../tickets/attachments/storage';
import { buildBundle, fingerprint, type LocalUser, type Lookups, type ResolvedDocument } from './bundle';
import { resolveDocument } from './documents';
import type { GlpiReader, GlpiTicket, TicketChildren } from './glpi.repository';
import * as repo from './import.repository';
import { matchEnte, normaliseEmail, normaliseEnteName, supportedGlpiVersion, userName, type EnteCandidate } from './mapping';
import { count, countTicket, newReport, type ImportReport } from './report';

export interface ImportOptions {
  dryRun: boolean;
  /** YYYY-MM-DD: only tickets GLPI changed (date_mod) since that day. */
  since: string | null;
  documentsDir: string | null;
  batchSize?: number;
  maxAttachmentBytes?: number;
  calendar?: SupportCalendar;
  now?: () => Date;
  onProgress?: (done: number, total: number) => void;
}

/** Refused before anything is read: the message names the version found. */
export class UnsupportedGlpiVersion extends Error {}

/**
 * Reads MoOne (GLPI) and writes Enti's users and tickets here. Entities are matched, never created; users are
 * created without a password; tickets are written in batches of whole tickets with their children and their
 * source-id rows, one transaction per batch. A dry run does every read, match and check and writes nothing.
 */
export async function importMoOne(glpi: GlpiReader, ds: DataSource, store: AttachmentStore | null, options: ImportOptions): Promise<ImportReport> {
  const now = options.now ?? (() => new Date());
  const version = await glpi.version();
  if (!version || !supportedGlpiVersion(version)) {
    throw new UnsupportedGlpiVersion(
      `Versione di GLPI non supportata: ${version ?? 'nessuna versione in glpi_configs'} (l'importazione legge gli schemi dalla 9.4 alla 10.0).`,
    );
  }
  const report = newReport(version, options.dryRun, options.since, now());

  // ---- Entities → Enti ---------------------------------------------------------------------------------------
  const enti = await repo.enti(ds);
  const byFiscalCode = new Map<string, EnteCandidate>(enti.map((e) => [e.fiscal_code, { id: e.id, name: e.name, fiscalCode: e.fiscal_code }]));
  const byName = new Map<string, EnteCandidate[]>();
  for (const e of enti) {
    const key = normaliseEnteName(e.name);
    byName.set(key, [...(byName.get(key) ?? []), { id: e.id, name: e.name, fiscalCode: e.fiscal_code }]);
  }
  const enteName = new Map(enti.map((e) => [e.id, e.name]));
  const glpiEntities = await glpi.entities();
  type EntityMatch = Lookups['entities'] extends ReadonlyMap<number, infer V> ? V : never;
  const entities: Lookups['entities'] = new Map(
    glpiEntities.map((e): [number, EntityMatch] => {
      const m = matchEnte({ name: e.name ?? '', registrationNumber: e.registration_number, comment: e.comment }, byFiscalCode, byName);
      if ('reason' in m) {
        count(report, 'entities', e.id, 'skipped', `entità «${e.completename ?? e.name}»: ${m.reason}`);
        return [Number(e.id), { reason: m.reason }];
      }
      count(report, 'entities', e.id, 'imported');
      return [Number(e.id), { enteId: m.enteId, enteName: enteName.get(m.enteId) ?? '' }];
    }),
  );
  const entityNames = new Map(glpiEntities.map((e) => [Number(e.id), e.completename ?? e.name ?? '']));

  // ---- Users, matched by e-mail ------------------------------------------------------------------------------
  const staff = await glpi.staffUserIds();
  const existing = await repo.usersByEmail(ds);
  const glpiUsers = await glpi.users();
  const toCreate = new Map<string, repo.NewUser>();
  const emailOf = new Map<number, string>();
  for (const u of glpiUsers) {
    const email = normaliseEmail(u.email);
    if (!email) {
      count(report, 'users', u.id, 'skipped', `utente «${u.name ?? u.id}» senza e-mail: i suoi ticket e interventi vanno a «Importazione MoOne»`);
      continue;
    }
    emailOf.set(Number(u.id), email);
    if (existing.has(email) || toCreate.has(email)) {
      count(report, 'users', u.id, 'unchanged');
      continue;
    }
    const entity = entities.get(Number(u.entities_id));
    toCreate.set(email, {
      email,
      name: userName(u, email),
      role: staff.has(Number(u.id)) ? 'operator' : 'ente_user',
      enteId: entity && 'enteId' in entity ? entity.enteId : null,
      disabled: Number(u.is_active) === 0 || Number(u.is_deleted) === 1,
    });
    count(report, 'users', u.id, 'imported');
  }
  if (!existing.has(repo.PLACEHOLDER_EMAIL)) {
    toCreate.set(repo.PLACEHOLDER_EMAIL, { email: repo.PLACEHOLDER_EMAIL, name: 'Importazione MoOne', role: 'ente_user', enteId: null, disabled: true });
  }
  const local = options.dryRun ? existing : (await repo.createUsers(ds, [...toCreate.values()]), await repo.usersByEmail(ds));
  // In a dry run the users to create get stand-in ids, so the tickets map exactly as they would.
  const users = new Map<number, LocalUser>();
  for (const [glpiId, email] of emailOf) {
    const found = local.get(email);
    const planned = toCreate.get(email);
    if (found) users.set(glpiId, found);
    else if (planned) users.set(glpiId, { id: `dry-run:${email}`, role: planned.role });
  }
  const placeholderUserId = local.get(repo.PLACEHOLDER_EMAIL)?.id ?? 'dry-run:placeholder';

  // ---- Lookups -----------------------------------------------------------------------------------------------
  const localSuppliers = await repo.suppliersByName(ds);
  const suppliers = new Map<number, string>();
  for (const s of await glpi.suppliers()) {
    const id = localSuppliers.get((s.name ?? '').trim().toLowerCase());
    if (id) suppliers.set(Number(s.id), id);
  }
  const named = (rows: Array<{ id: number; name: string }>) => new Map(rows.map((r) => [Number(r.id), r.name]));
  const categories = named(await glpi.categories());
  const requestTypes = named(await glpi.requestTypes());
  const contracts = named(await glpi.contracts());
  for (const id of categories.keys()) count(report, 'categories', id, 'imported');
  for (const id of requestTypes.keys()) count(report, 'request_types', id, 'imported');
  const withContracts = await glpi.hasTicketContracts();
  const lookups: Lookups = {
    entities,
    entityNames,
    users,
    placeholderUserId,
    suppliers,
    groups: named(await glpi.groups()),
    categories,
    requestTypes,
    contracts,
    slaTargets: await repo.slaTargets(ds),
    calendar: options.calendar ?? BRESCIA_CALENDAR,
    now: now(),
  };

  // ---- Tickets, streamed in batches --------------------------------------------------------------------------
  const imported = await repo.importedTickets(ds);
  const total = await glpi.countTickets(options.since);
  const batchSize = options.batchSize ?? 500;
  const linkedContracts = new Set<number>();
  const perEnte: Record<string, number> = {};
  let done = 0;
  // Three stages overlap: the next batch's children are read from MariaDB and the previous batch is written to
  // PostgreSQL while this one is mapped (one write in flight, in order: batches commit in MoOne ID order).
  let writing: Promise<void> = Promise.resolve();
  const processBatch = async (batch: GlpiTicket[], childrenOf: Promise<TicketChildren>) => {
    const children = await childrenOf;
    const perTicket = groupChildren(children);
    const items: repo.BatchItem[] = [];
    for (const t of batch) {
      const ch = perTicket.get(Number(t.id)) ?? emptyChildren();
      for (const c of ch.contracts) linkedContracts.add(Number(c.contracts_id));
      const docs: ResolvedDocument[] = [];
      for (const d of ch.documents) {
        docs.push(
          await resolveDocument(d, { dir: options.documentsDir, store: options.dryRun ? null : store, maxBytes: options.maxAttachmentBytes ?? 20 * 1024 * 1024 }),
        );
      }
      const built = buildBundle(t, ch, docs, lookups);
      const year = yearOf(t);
      if (!built.ok) {
        count(report, 'tickets', t.id, 'skipped', built.reason);
        countTicket(report, built.status, year, 'skipped');
        countChildren(report, ch, 'skipped', `ticket ${t.id} non importato`);
        continue;
      }
      const b = built.bundle;
      report.warnings.push(...b.warnings);
      const print = fingerprint(b);
      const before = imported.get(b.mooneId);
      const outcome = before?.fingerprint === print ? 'unchanged' : 'imported';
      count(report, 'tickets', t.id, outcome);
      perEnte[b.enteName] = (perEnte[b.enteName] ?? 0) + 1;
      countTicket(report, built.status, year, outcome);
      const left = new Set(b.leftOut.map((l) => `${l.kind}:${l.sourceId}`));
      for (const l of b.leftOut) count(report, l.kind, l.sourceId, l.failed ? 'failed' : 'skipped', `ticket ${t.id}: ${l.reason}`);
      countChildren(report, ch, outcome, '', left);
      if (outcome === 'imported') items.push({ bundle: b, fingerprint: print, localId: before?.localId ?? null });
    }
    await writing;
    writing = options.dryRun ? Promise.resolve() : repo.writeBatch(ds, items);
    // Nothing may stay unobserved if a later stage fails first: the error is rethrown by the next await.
    writing.catch(() => undefined);
    done += batch.length;
    options.onProgress?.(done, total);
  };
  const childrenOf = (batch: GlpiTicket[]) => {
    const p = glpi.children(
      batch.map((t) => Number(t.id)),
      withContracts,
    );
    p.catch(() => undefined);
    return p;
  };

  const { stream, release } = await glpi.streamTickets(options.since);
  try {
    let batch: GlpiTicket[] = [];
    let previous: { batch: GlpiTicket[]; children: Promise<TicketChildren> } | null = null;
    for await (const row of stream as AsyncIterable<GlpiTicket>) {
      batch.push(row);
      if (batch.length >= batchSize) {
        const next = { batch, children: childrenOf(batch) };
        if (previous) await processBatch(previous.batch, previous.children);
        previous = next;
        batch = [];
      }
    }
    if (previous) await processBatch(previous.batch, previous.children);
    if (batch.length > 0) await processBatch(batch, childrenOf(batch));
    await writing;
  } finally {
    stream.destroy();
    release();
  }
  for (const id of contracts.keys()) {
    if (linkedContracts.has(id)) count(report, 'contracts', id, 'imported');
    else count(report, 'contracts', id, 'skipped', 'contratto non collegato a nessun ticket importato: i servizi e i contratti arrivano da SoftwareCit');
  }
  // A real run counts what is in the database now; a dry run, which writes nothing, what this run would leave.
  report.ticketsByEnte = options.dryRun ? perEnte : await repo.importedTicketsPerEnte(ds);
  if (glpi.zoneWarning) report.warnings.unshift(glpi.zoneWarning);
  report.finishedAt = now().toISOString();
  return report;
}

function yearOf(t: GlpiTicket): string {
  return /^\d{4}/.exec(t.date ?? '')?.[0] ?? 'senza data';
}

function emptyChildren(): TicketChildren {
  return { users: [], groups: [], suppliers: [], followups: [], tasks: [], solutions: [], validations: [], documents: [], satisfactions: [], logs: [], contracts: [] };
}

/** One pass over each child table: the batch's rows by ticket. */
function groupChildren(ch: TicketChildren): Map<number, TicketChildren> {
  const out = new Map<number, TicketChildren>();
  for (const key of Object.keys(ch) as Array<keyof TicketChildren>) {
    for (const row of ch[key]) {
      const id = Number(row.tickets_id);
      let entry = out.get(id);
      if (!entry) out.set(id, (entry = emptyChildren()));
      (entry[key] as unknown[]).push(row);
    }
  }
  return out;
}

const CHILD_KINDS = ['followups', 'tasks', 'solutions', 'validations', 'documents', 'satisfactions', 'logs'] as const;

/** Children follow their ticket's outcome, except those the bundle left out (already counted). */
function countChildren(report: ImportReport, ch: TicketChildren, outcome: 'imported' | 'unchanged' | 'skipped', reason: string, leftOut = new Set<string>()): void {
  for (const kind of CHILD_KINDS) {
    for (const row of ch[kind]) {
      const id = Number('link_id' in row ? row.link_id : row.id);
      if (!leftOut.has(`${kind}:${id}`)) count(report, kind, id, outcome, reason);
    }
  }
}
