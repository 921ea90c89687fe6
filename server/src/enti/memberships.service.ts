import type { DataSource, EntityManager } from 'typeorm';
import { RECORDED_QUOTA_PERIOD, type MembershipCreate, type MembershipRecord, type MembershipUpdate } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { AppError, notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import type { CheckedAttachment } from '../tickets/attachments/upload';
import type { AttachmentStore } from '../tickets/attachments/storage';
import {
  deleteMembership,
  enteExists,
  insertMembership,
  membershipById,
  membershipByPeriod,
  membershipInUse,
  periodExists,
  setMembershipDocument,
  updateMembership,
  type MembershipFields,
} from './memberships.repository';

const fieldError = (path: string, message: string) =>
  new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', { fields: [{ path, message }] });

/** The rules a membership must keep whatever the route: known payer, coherent dates, recorded quota only where it exists. */
async function checkFields(db: EntityManager, enteId: string, period: string, f: MembershipFields): Promise<void> {
  if (f.resolutionDate > f.signedOn) throw fieldError('resolutionDate', 'La delibera di approvazione non può essere successiva alla firma.');
  if (f.joinedOn && f.leftOn && f.leftOn < f.joinedOn) throw fieldError('leftOn', 'La fine dell’adesione precede il suo inizio.');
  if (f.payerEnteId && f.payerEnteId !== enteId && !(await enteExists(db, f.payerEnteId))) throw fieldError('payerEnteId', 'L’Ente pagante indicato non esiste.');
  if (f.recordedQuotaCents !== null && period !== RECORDED_QUOTA_PERIOD) {
    throw fieldError('recordedQuotaCents', `La quota registrata esiste solo per la convenzione ${RECORDED_QUOTA_PERIOD}: per le altre la quota segue il listino.`);
  }
}

async function lockOrNotFound(tx: EntityManager, enteId: string, id: string): Promise<MembershipRecord> {
  const current = await membershipById(tx, enteId, id, true);
  if (!current) throw notFound("L'adesione");
  return current;
}

export async function createMembership(ds: DataSource, enteId: string, body: MembershipCreate, actor: AuditActor): Promise<MembershipRecord> {
  return ds.transaction(async (tx) => {
    if (!(await enteExists(tx, enteId))) throw notFound("L'Ente");
    if (!(await periodExists(tx, body.period))) throw fieldError('period', `La convenzione ${body.period} non esiste.`);
    const fields: MembershipFields = {
      ...body,
      signerFiscalCode: body.signerFiscalCode ?? null,
      joinedOn: body.joinedOn ?? null,
      leftOn: body.leftOn ?? null,
      payerEnteId: body.payerEnteId ?? null,
      recordedQuotaCents: body.recordedQuotaCents ?? null,
    };
    await checkFields(tx, enteId, body.period, fields);
    const id = await insertMembership(tx, enteId, body.period, fields);
    if (!id) throw new AppError(409, 'membership_exists', `L'Ente ha già un'adesione alla convenzione ${body.period}: modificala invece di crearne un'altra.`);
    const after = (await membershipById(tx, enteId, id)) as MembershipRecord;
    await recordChange(tx, actor, { entity: 'memberships', recordId: id, action: 'create', before: null, after });
    return after;
  });
}

export async function editMembership(
  ds: DataSource,
  enteId: string,
  id: string,
  body: MembershipUpdate,
  actor: AuditActor,
): Promise<MembershipRecord> {
  return ds.transaction(async (tx) => {
    const before = await lockOrNotFound(tx, enteId, id);
    if (before.version !== body.version) throw await staleVersion(tx, 'memberships', id, before);
    const pick = <K extends keyof MembershipFields>(k: K, current: MembershipFields[K]): MembershipFields[K] =>
      body[k] === undefined ? current : (body[k] as MembershipFields[K]);
    const fields: MembershipFields = {
      signer: pick('signer', before.signer),
      signerFiscalCode: pick('signerFiscalCode', before.signerFiscalCode),
      signedOn: pick('signedOn', before.signedOn),
      resolutionNumber: pick('resolutionNumber', before.resolutionNumber),
      resolutionDate: pick('resolutionDate', before.resolutionDate),
      joinedOn: pick('joinedOn', before.joinedOn),
      leftOn: pick('leftOn', before.leftOn),
      payerEnteId: pick('payerEnteId', before.payer?.id ?? null),
      recordedQuotaCents: pick('recordedQuotaCents', before.recordedQuotaCents),
    };
    await checkFields(tx, enteId, before.period, fields);
    await updateMembership(tx, id, body.version, fields);
    const after = (await membershipById(tx, enteId, id)) as MembershipRecord;
    await recordChange(tx, actor, { entity: 'memberships', recordId: id, action: 'update', before, after });
    return after;
  });
}

export async function removeMembership(ds: DataSource, enteId: string, id: string, version: number, actor: AuditActor): Promise<void> {
  await ds.transaction(async (tx) => {
    const before = await lockOrNotFound(tx, enteId, id);
    if (before.version !== version) throw await staleVersion(tx, 'memberships', id, before);
    if (await membershipInUse(tx, enteId, before.period)) {
      throw new AppError(
        409,
        'membership_in_use',
        `L'Ente ha servizi registrati nella convenzione ${before.period}: l'adesione non si elimina, indichi invece la data di fine.`,
      );
    }
    await deleteMembership(tx, id, version);
    await recordChange(tx, actor, { entity: 'memberships', recordId: id, action: 'delete', before, after: null });
  });
}

/** The signed convention: a PDF (PDF/A) or a CAdES .p7m, stored like ticket attachments (content-addressed). */
export async function attachMembershipDocument(
  ds: DataSource,
  store: AttachmentStore,
  enteId: string,
  id: string,
  version: number,
  file: CheckedAttachment,
  actor: AuditActor,
): Promise<MembershipRecord> {
  if (file.sniff.kind !== 'pdf' && file.sniff.kind !== 'signed_p7m') {
    throw new AppError(415, 'attachment_type_not_allowed', `La convenzione firmata va caricata come PDF o PDF firmato .p7m (ricevuto «${file.fileName}»).`, {
      fields: [{ path: 'document', message: 'Carichi la convenzione firmata in PDF o .p7m.' }],
    });
  }
  const stored = await store.putContent(file.content);
  return ds.transaction(async (tx) => {
    const before = await lockOrNotFound(tx, enteId, id);
    if (before.version !== version) throw await staleVersion(tx, 'memberships', id, before);
    await setMembershipDocument(tx, id, version, { sha256: stored.sha256, fileName: file.fileName, mime: file.sniff.mime, size: stored.size });
    const after = (await membershipById(tx, enteId, id)) as MembershipRecord;
    await recordChange(tx, actor, { entity: 'memberships', recordId: id, action: 'update', before, after });
    return after;
  });
}

/**
 * The imports' write (SoftwareCit), in the caller's transaction: a membership the Ente has not got for the period is
 * created with the same checks as a manual one and audited; one already there is never changed (it may have been
 * edited here since): `unchanged` when it says the same, `different` otherwise, for the caller to report.
 */
export async function importMembership(
  tx: EntityManager,
  enteId: string,
  period: string,
  fields: MembershipFields,
  actor: AuditActor,
): Promise<'imported' | 'unchanged' | 'different'> {
  const current = await membershipByPeriod(tx, enteId, period);
  if (current) {
    const same =
      current.signer === fields.signer &&
      current.signedOn === fields.signedOn &&
      current.resolutionNumber === fields.resolutionNumber &&
      current.resolutionDate === fields.resolutionDate &&
      current.joinedOn === fields.joinedOn &&
      current.leftOn === fields.leftOn &&
      (current.payer?.id ?? null) === fields.payerEnteId;
    return same ? 'unchanged' : 'different';
  }
  await checkFields(tx, enteId, period, fields);
  const id = await insertMembership(tx, enteId, period, fields);
  if (!id) return 'different';
  const after = (await membershipById(tx, enteId, id)) as MembershipRecord;
  await recordChange(tx, actor, { entity: 'memberships', recordId: id, action: 'import', before: null, after });
  return 'imported';
}
