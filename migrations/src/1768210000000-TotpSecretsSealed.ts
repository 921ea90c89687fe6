import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: TOTP secrets are kept sealed (AES-256-GCM, `v1:<iv>:<tag>:<ciphertext>`, server/src/platform/secret-box.ts).
 * SQL has no key, so the existing clear secrets are sealed by the API at start (sealClearTotpSecrets); until then
 * the column holds both shapes, which cannot be confused (base32 has no colon).
 */
const CLEAR = `secret ~ '^[A-Z2-7]{16,128}$'`;
const SEALED = `secret ~ '^v1:[A-Za-z0-9+/]*={0,2}:[A-Za-z0-9+/]*={0,2}:[A-Za-z0-9+/]*={0,2}$'`;

export class TotpSecretsSealed1768210000000 implements MigrationInterface {
  name = 'TotpSecretsSealed1768210000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_check`);
    await q.query(`ALTER TABLE user_totp ADD CONSTRAINT user_totp_secret_check CHECK (${CLEAR} OR ${SEALED})`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Sealed secrets cannot be opened in SQL: they stay, and the older code cannot read them (an admin resets
    // those accounts' second factor). NOT VALID so the rollback itself does not fail on them.
    await q.query(`ALTER TABLE user_totp DROP CONSTRAINT user_totp_secret_check`);
    await q.query(`ALTER TABLE user_totp ADD CONSTRAINT user_totp_secret_check CHECK (${CLEAR}) NOT VALID`);
  }
}
