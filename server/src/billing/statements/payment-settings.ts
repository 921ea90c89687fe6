import type { DataSource } from 'typeorm';
import { isValidIBAN } from 'ibantools';
import type { PaymentSettings, UpdatePaymentSettings } from '@cit/shared';
import { recordChange, type AuditActor } from '../../audit/audit-log.repository';
import { AppError, notFound } from '../../platform/http/errors';
import { staleVersion } from '../../platform/http/optimistic';
import type { AttachmentStore } from '../../tickets/attachments/storage';
import { generateStatements } from './generate';
import { lockPaymentSettings, paymentSettings, setPagoPaCode, updatePaymentSettings } from './statements.repository';

const SETTINGS_ID = 'payment-settings';

export async function readPaymentSettings(ds: DataSource): Promise<PaymentSettings> {
  return paymentSettings(ds);
}

/**
 * Saves the payment instructions printed on the statements generated from now on (audited, optimistic version).
 * The IBAN's check digits are verified with ibantools: a mistyped IBAN would send the Enti's money nowhere.
 */
export async function savePaymentSettings(ds: DataSource, input: UpdatePaymentSettings, actor: AuditActor): Promise<PaymentSettings> {
  if (input.iban && !isValidIBAN(input.iban)) {
    throw new AppError(400, 'validation_error', 'Alcuni dati inviati non sono validi.', {
      fields: [{ path: 'iban', message: 'IBAN non valido: le cifre di controllo non tornano. Ricopialo dall’estratto della banca.' }],
    });
  }
  return ds.transaction(async (tx) => {
    const before = await lockPaymentSettings(tx);
    if (before.version !== input.version) throw await staleVersion(tx, 'payment_settings', SETTINGS_ID, before);
    const next = { beneficiary: input.beneficiary, treasuryAccount: input.treasuryAccount, iban: input.iban, notes: input.notes };
    await updatePaymentSettings(tx, next, actor.userId);
    const after = { ...next, version: before.version + 1 };
    await recordChange(tx, actor, { entity: 'payment_settings', recordId: SETTINGS_ID, action: 'update', before, after });
    return after;
  });
}

/** Sets a statement's pagoPA notice code and renders that statement again at once (same number, next version). */
export async function setStatementPagoPa(ds: DataSource, store: AttachmentStore, statementId: string, code: string | null, actor: AuditActor): Promise<void> {
  const target = await ds.transaction(async (tx) => {
    const row = await setPagoPaCode(tx, statementId, code);
    if (!row) throw notFound("L'estratto conto");
    await recordChange(tx, actor, { entity: 'statements', recordId: statementId, action: 'update', before: { pagopaNoticeCode: row.before }, after: { pagopaNoticeCode: code } });
    return row;
  });
  await generateStatements(ds, store, { year: target.year, half: target.half, runId: null, onlyPayers: [target.payerId] });
}
