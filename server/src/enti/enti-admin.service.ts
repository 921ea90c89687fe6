import type { DataSource, EntityManager } from 'typeorm';
import type { CreateEnte, EnteVersion, MergeEnte, MergeMoved, UpdateEnte } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { AppError, fieldError, isUniqueViolation, notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import {
  closeCapofilaPeriod,
  currentMembers,
  insertEnte,
  lockEnti,
  markMerged,
  moveMergedRows,
  openCapofilaPeriod,
  readEnte,
  setDeactivated,
  startCapofilaPeriod,
  takenCodes,
  updateEnteColumns,
  type EnteColumns,
  type EnteRecord,
} from './enti.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const FIELD_LABELS = { name: 'il nome', fiscalCode: 'il codice fiscale', istatCode: 'il codice ISTAT', ipaCode: 'il codice IPA' } as const;
const UNIQUE_INDEXES = {
  enti_name_key: 'name',
  enti_fiscal_code_key: 'fiscalCode',
  enti_istat_code_key: 'istatCode',
  enti_ipa_code_key: 'ipaCode',
} as const;

const duplicate = (field: keyof typeof FIELD_LABELS, owner: string | null) =>
  fieldError(field, owner ? `Un altro Ente ha già ${FIELD_LABELS[field]} indicato: «${owner}».` : `Un altro Ente ha già ${FIELD_LABELS[field]} indicato.`);

/** 2027-01-01 → 01/01/2027, as the messages show dates. */
const itDate = (iso: string) => iso.split('-').reverse().join('/');

const mergedAlready = (e: EnteRecord) =>
  new AppError(409, 'ente_merged', `«${e.name}» è confluito in un altro Ente dal ${itDate(e.mergedOn ?? '')}: la sua scheda resta in sola lettura.`);

/**
 * The CIT admins' writes on Enti: create, edit (with the version read), deactivate, reactivate and merge. Each
 * runs in one transaction with its audit entry; a capofila change closes the dated period in force and opens
 * the new one, while `enti.capofila_id/capofila_pays` keep showing the relation of today (billing reads them).
 */
export class EntiAdminService {
  constructor(
    private readonly ds: DataSource,
    /** Today in Italy (YYYY-MM-DD), from the product's clock. */
    private readonly today: () => string,
  ) {}

  async create(actor: AuditActor, input: CreateEnte): Promise<string> {
    const columns: EnteColumns = {
      name: input.name,
      kind: input.kind,
      fiscalCode: input.fiscalCode,
      istatCode: input.istatCode ?? null,
      ipaCode: input.ipaCode ?? null,
      pec: input.pec ?? null,
      capofilaId: input.capofilaId ?? null,
      capofilaPays: input.capofilaPays ?? false,
    };
    return this.write(async (tx) => {
      await this.check(tx, null, columns);
      const id = await insertEnte(tx, columns);
      if (columns.capofilaId) await startCapofilaPeriod(tx, id, columns.capofilaId, columns.capofilaPays, this.capofilaFrom(input.capofilaFrom, null));
      await recordChange(tx, actor, { entity: 'enti', recordId: id, action: 'create', before: null, after: await readEnte(tx, id) });
      return id;
    });
  }

  async update(actor: AuditActor, id: string, input: UpdateEnte): Promise<void> {
    await this.write(async (tx) => {
      const before = await this.lockCurrent(tx, id, input.version);
      if (before.mergedIntoId) throw mergedAlready(before);
      const columns: EnteColumns = {
        name: input.name ?? before.name,
        kind: input.kind ?? before.kind,
        fiscalCode: input.fiscalCode ?? before.fiscalCode,
        istatCode: input.istatCode === undefined ? before.istatCode : input.istatCode,
        ipaCode: input.ipaCode === undefined ? before.ipaCode : input.ipaCode,
        pec: input.pec === undefined ? before.pec : input.pec,
        capofilaId: input.capofilaId === undefined ? before.capofilaId : input.capofilaId,
        capofilaPays: input.capofilaPays ?? (input.capofilaId === null ? false : before.capofilaPays),
      };
      // A save that changes nothing is not a change: no new version, no audit entry.
      if ((Object.keys(columns) as Array<keyof EnteColumns>).every((k) => columns[k] === before[k])) return;
      await this.check(tx, id, columns);
      if (columns.capofilaId !== before.capofilaId || columns.capofilaPays !== before.capofilaPays) {
        const open = await openCapofilaPeriod(tx, id);
        const from = this.capofilaFrom(input.capofilaFrom, open?.validFrom ?? null);
        await closeCapofilaPeriod(tx, id, from);
        if (columns.capofilaId) await startCapofilaPeriod(tx, id, columns.capofilaId, columns.capofilaPays, from);
      }
      await updateEnteColumns(tx, id, columns);
      await recordChange(tx, actor, { entity: 'enti', recordId: id, action: 'update', before, after: await readEnte(tx, id) });
    });
  }

  /** Deactivated: kept with its history, no longer chosen for new tickets or requests. */
  async setActive(actor: AuditActor, id: string, input: EnteVersion, active: boolean): Promise<void> {
    await this.write(async (tx) => {
      const before = await this.lockCurrent(tx, id, input.version);
      if (before.mergedIntoId) throw mergedAlready(before);
      if ((before.deactivatedAt === null) === active) {
        throw new AppError(409, active ? 'already_active' : 'already_inactive', active ? `«${before.name}» è già attivo.` : `«${before.name}» è già disattivato.`);
      }
      await setDeactivated(tx, id, !active);
      await recordChange(tx, actor, { entity: 'enti', recordId: id, action: 'update', before, after: await readEnte(tx, id) });
    });
  }

  /**
   * The Ente flows into `intoId` from `mergedOn`: its tickets (and so its service requests), service records,
   * billing entries as Ente and as payer, and users' links move in this one transaction. Memberships, residents,
   * Telemaco look-ups and issued statements stay on the merged Ente as its history; from the year of the merger
   * the quota is assessed on the Ente it flowed into (quota.ts skips merged Enti).
   */
  async merge(actor: AuditActor, id: string, input: MergeEnte): Promise<MergeMoved> {
    if (!UUID.test(id)) throw notFound("L'Ente");
    if (input.intoId === id) throw fieldError('intoId', 'Un Ente non può confluire in sé stesso: scelga un altro Ente.');
    if (input.mergedOn > this.today()) throw fieldError('mergedOn', 'La fusione si registra quando ha effetto: la data non può essere futura.');
    return this.write(async (tx) => {
      const locked = await lockEnti(tx, [id, input.intoId]);
      const from = locked.get(id);
      const into = locked.get(input.intoId);
      if (!from) throw notFound("L'Ente");
      if (from.version !== input.version) throw await staleVersion(tx, 'enti', id, from);
      if (from.mergedIntoId) throw mergedAlready(from);
      if (!into) throw fieldError('intoId', "L'Ente scelto non esiste.");
      if (into.deactivatedAt !== null) throw fieldError('intoId', `«${into.name}» è disattivato: scelga un Ente attivo.`);
      const members = await currentMembers(tx, id);
      if (members.length > 0) {
        throw new AppError(
          409,
          'ente_has_members',
          `«${from.name}» è capofila di ${members.map((m) => m.name).join(', ')}: assegna loro un altro capofila prima della fusione.`,
        );
      }
      const moved = await moveMergedRows(tx, id, input.intoId);
      await markMerged(tx, id, input.intoId, input.mergedOn);
      const merge = { fromId: id, intoId: input.intoId, mergedOn: input.mergedOn, moved };
      await recordChange(tx, actor, { entity: 'enti', recordId: id, action: 'merge', before: from, after: { ...(await readEnte(tx, id)), merge } });
      await recordChange(tx, actor, { entity: 'enti', recordId: input.intoId, action: 'merge', before: into, after: { ...into, merge } });
      return moved;
    });
  }

  // ---- internals -------------------------------------------------------------------------------------------

  private async lockCurrent(tx: EntityManager, id: string, version: number): Promise<EnteRecord> {
    if (!UUID.test(id)) throw notFound("L'Ente");
    const current = (await lockEnti(tx, [id])).get(id);
    if (!current) throw notFound("L'Ente");
    if (current.version !== version) throw await staleVersion(tx, 'enti', id, current);
    return current;
  }

  /** Unique codes and a capofila that can hold the role; each refusal names its field. */
  private async check(tx: EntityManager, id: string | null, c: EnteColumns): Promise<void> {
    const [taken] = await takenCodes(tx, id, c);
    if (taken) throw duplicate(taken.field, taken.owner);
    if (c.capofilaPays && !c.capofilaId) throw fieldError('capofilaPays', 'Il capofila può pagare solo se è indicato un capofila.');
    if (!c.capofilaId) return;
    if (c.capofilaId === id) throw fieldError('capofilaId', 'Un Ente non può essere capofila di sé stesso.');
    const capofila = await readEnte(tx, c.capofilaId);
    if (!capofila) throw fieldError('capofilaId', 'Il capofila scelto non esiste.');
    if (capofila.deactivatedAt !== null) throw fieldError('capofilaId', `«${capofila.name}» è disattivato: scelga un capofila attivo.`);
    if (id !== null && capofila.capofilaId === id) throw fieldError('capofilaId', `«${capofila.name}» ha questo Ente come capofila: la relazione sarebbe circolare.`);
  }

  /** The first day of a new capofila relation: today by default, never in the future, after the period it closes. */
  private capofilaFrom(requested: string | undefined, openSince: string | null): string {
    const from = requested ?? this.today();
    if (from > this.today()) throw fieldError('capofilaFrom', 'Il capofila si registra dal giorno in cui vale: la data non può essere futura.');
    if (openSince !== null && from <= openSince) {
      throw fieldError('capofilaFrom', `La nuova relazione deve iniziare dopo il ${itDate(openSince)}, inizio di quella in vigore.`);
    }
    return from;
  }

  /** One transaction; two admins saving the same code at once: the unique index decides, named like the check. */
  private async write<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.ds.transaction(work);
    } catch (err) {
      for (const [constraint, field] of Object.entries(UNIQUE_INDEXES)) {
        if (isUniqueViolation(err, constraint)) throw duplicate(field, null);
      }
      throw err;
    }
  }
}
