import { createHash, randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { generateSecret, generateURI, verifySync } from 'otplib';
import type QRCodeModule from 'qrcode';
import { can, TOTP_RECOVERY_CODES, type Role, type SecondFactorStatus, type TotpEnrolment } from '@cit/shared';
import { AppError, fieldError, notFound } from '../../platform/http/errors';
import { recordChange, type AuditActor } from '../../audit/audit-log.repository';
import { SEALED_PREFIX, SecretBox } from '../../platform/secret-box';
import * as repo from './second-factor.repository';

/** Codes of the step before and after the current one are accepted too (phones whose clock is off by a few seconds). */
const TOLERANCE_SECONDS = 30;
const ISSUER = 'CIT Provincia di Brescia';
// No 0/o, 1/l/i: recovery codes are read from paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export const hashRecoveryCode = (code: string) => createHash('sha256').update(code).digest('hex');

function newRecoveryCode(): string {
  const part = () => Array.from({ length: 5 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${part()}-${part()}`;
}

const wrongCode = () => fieldError('code', 'Codice non valido o già usato.');

/** Whether the role must have a second factor (the policy decides, not a list here). */
export const secondFactorRequired = (role: Role) => can({ role }, 'auth.second-factor-required');

/**
 * TOTP (RFC 6238) with otplib: enrolment with a QR code, confirmation by a first code, ten single-use recovery
 * codes, and the admin's reset. A code is accepted once (the last time step is kept), a recovery code once.
 */
export class SecondFactorService {
  /** `box` seals the TOTP secrets at rest (platform/secret-box.ts, purpose 'totp'). */
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
  ) {}

  async status(userId: string, role: Role): Promise<SecondFactorStatus> {
    const totp = await repo.findTotp(this.ds, userId);
    return { enrolled: !!totp?.confirmedAt, required: secondFactorRequired(role), recoveryCodesLeft: await repo.recoveryCodesLeft(this.ds, userId) };
  }

  async isEnrolled(userId: string): Promise<boolean> {
    return !!(await repo.findTotp(this.ds, userId))?.confirmedAt;
  }

  /** A new secret to scan; it counts only once confirmed by a code. */
  async startEnrolment(userId: string, email: string): Promise<TotpEnrolment> {
    const secret = generateSecret();
    if (!(await repo.saveUnconfirmedSecret(this.ds, userId, this.box.seal(secret)))) {
      throw new AppError(409, 'already_enrolled', 'Un’app di autenticazione è già associata all’account: per cambiarla va prima disattivata o azzerata.');
    }
    const otpauthUri = generateURI({ issuer: ISSUER, label: email, secret });
    // Loaded at the first enrolment, not at every start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const QRCode = require('qrcode') as typeof QRCodeModule;
    const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { secret, otpauthUri, qrSvg };
  }

  /** The first code confirms the app; the answer carries the recovery codes, shown this once. */
  async confirmEnrolment(userId: string, code: string, actor: AuditActor): Promise<string[]> {
    return this.ds.transaction(async (tx) => {
      const totp = await repo.findTotp(tx, userId, true);
      if (!totp) throw new AppError(409, 'no_enrolment', 'Nessuna attivazione in corso: ricominciare dalla lettura del codice QR.');
      if (totp.confirmedAt) throw new AppError(409, 'already_enrolled', 'L’app di autenticazione è già attiva.');
      const step = this.verifyTotp(this.reveal(totp.secret), code, null);
      if (step === null) throw wrongCode();
      await repo.confirmTotp(tx, userId, step);
      const codes = Array.from({ length: TOTP_RECOVERY_CODES }, newRecoveryCode);
      await repo.replaceRecoveryCodes(tx, userId, codes.map(hashRecoveryCode));
      await recordChange(tx, actor, { entity: 'second_factors', recordId: userId, action: 'create', before: null, after: { method: 'totp', recoveryCodes: codes.length } });
      return codes;
    });
  }

  /**
   * Checks a code of the app or a recovery code; on success it cannot be used again. Returns how it was proved.
   */
  async verify(userId: string, code: string, actor: AuditActor): Promise<'totp' | 'recovery'> {
    const totp = await repo.findTotp(this.ds, userId);
    if (!totp?.confirmedAt) throw wrongCode();
    if (/^\d{6}$/.test(code)) {
      const step = this.verifyTotp(this.reveal(totp.secret), code, totp.lastTimeStep);
      if (step === null || !(await repo.useTimeStep(this.ds, userId, step))) throw wrongCode();
      return 'totp';
    }
    return this.ds.transaction(async (tx) => {
      if (!(await repo.useRecoveryCode(tx, userId, hashRecoveryCode(code)))) throw wrongCode();
      const left = await repo.recoveryCodesLeft(tx, userId);
      await recordChange(tx, actor, { entity: 'second_factors', recordId: userId, action: 'update', before: null, after: { recoveryCodeUsed: true, recoveryCodesLeft: left } });
      return 'recovery' as const;
    });
  }

  /** New recovery codes (the old ones stop working), after a code of the app. */
  async renewRecoveryCodes(userId: string, code: string, actor: AuditActor): Promise<string[]> {
    await this.verify(userId, code, actor);
    return this.ds.transaction(async (tx) => {
      const codes = Array.from({ length: TOTP_RECOVERY_CODES }, newRecoveryCode);
      await repo.replaceRecoveryCodes(tx, userId, codes.map(hashRecoveryCode));
      await recordChange(tx, actor, { entity: 'second_factors', recordId: userId, action: 'update', before: null, after: { recoveryCodesRenewed: codes.length } });
      return codes;
    });
  }

  /** The user switches the second factor off (only where the role does not require it), proving it with a code. */
  async disableOwn(userId: string, role: Role, code: string, actor: AuditActor): Promise<void> {
    if (secondFactorRequired(role)) throw new AppError(409, 'second_factor_required', 'Per questo ruolo il secondo fattore è obbligatorio e non può essere disattivato.');
    await this.verify(userId, code, actor);
    await this.ds.transaction(async (tx) => {
      await repo.deleteSecondFactor(tx, userId);
      await recordChange(tx, actor, { entity: 'second_factors', recordId: userId, action: 'delete', before: { method: 'totp' }, after: null });
    });
  }

  /** An admin removes a user's app and recovery codes (lost phone); the user enrols again at the next login. */
  async reset(userId: string, actor: AuditActor): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const user = await repo.userBrief(tx, userId);
      if (!user) throw notFound("L'utente");
      const had = await repo.deleteSecondFactor(tx, userId);
      if (!had) throw new AppError(409, 'not_enrolled', 'L’utente non ha un secondo fattore attivo.');
      await recordChange(tx, actor, { entity: 'second_factors', recordId: userId, action: 'delete', before: { method: 'totp', email: user.email }, after: { resetBy: actor.email } });
    });
  }

  /**
   * The secret of a stored value: sealed ones are opened; a clear one (before `sealClearTotpSecrets` ran, or a
   * demo/test row) is read as it is. The shapes cannot be confused: base32 has no colon.
   */
  private reveal(stored: string): string {
    return SecretBox.isSealed(stored) ? this.box.open(stored) : stored;
  }

  /** The time step of a right code, or null; steps up to `after` are refused (already used). */
  private verifyTotp(secret: string, token: string, after: number | null): number | null {
    try {
      const result = verifySync({ secret, token, epochTolerance: TOLERANCE_SECONDS, ...(after !== null ? { afterTimeStep: after } : {}) });
      return result.valid && 'timeStep' in result ? result.timeStep : null;
    } catch {
      // otplib throws on a malformed token; the schema lets only 6 digits through, so this is a wrong code.
      return null;
    }
  }
}

/**
 * Seals the TOTP secrets still stored in clear (those enrolled before secrets were sealed, and the demo seed's).
 * Run at every API start: idempotent (a sealed value is skipped by its prefix) and safe with several processes
 * starting together (each swap applies only if the clear value is still there). Answers how many it sealed.
 */
export async function sealClearTotpSecrets(ds: DataSource, box: SecretBox): Promise<number> {
  let sealed = 0;
  for (const row of await repo.clearTotpSecrets(ds, SEALED_PREFIX)) {
    if (await repo.replaceClearSecret(ds, row.userId, row.secret, box.seal(row.secret))) sealed++;
  }
  return sealed;
}
