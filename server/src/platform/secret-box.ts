import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../config';

/**
 * What a sealed secret is for. Each purpose has its own key, derived from the configured one, so a value sealed
 * for one use never opens as another. The mailbox label is the one the mailboxes used before this helper was
 * shared: changing it would make the stored IMAP passwords unreadable.
 */
const PURPOSES = { mailbox: 'mailbox-secret-v1', totp: 'totp-secret-v1' } as const;
export type SecretPurpose = keyof typeof PURPOSES;

/** Every sealed value starts with this. A clear TOTP secret is base32 (A-Z, 2-7) and can never contain a colon. */
export const SEALED_PREFIX = 'v1:';
const B64 = '[A-Za-z0-9+/]*={0,2}';
const SEALED = new RegExp(`^v1:${B64}:${B64}:${B64}$`);

/** The configured key: SECRETS_KEY, or MAILBOX_SECRET_KEY (its older name), else SESSION_SECRET. */
export const secretsKey = (config: Pick<Config, 'SECRETS_KEY' | 'MAILBOX_SECRET_KEY' | 'SESSION_SECRET'>): string =>
  config.SECRETS_KEY ?? config.MAILBOX_SECRET_KEY ?? config.SESSION_SECRET;

/**
 * Secrets the product must read back (IMAP passwords, TOTP secrets) kept at rest with AES-256-GCM: a database
 * dump alone gives none of them away, and a tampered value fails to open instead of opening as something else.
 * Format `v1:<iv>:<tag>:<ciphertext>`, base64 parts.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string, purpose: SecretPurpose) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'cit-helpdesk', PURPOSES[purpose], 32));
  }

  static fromConfig(config: Pick<Config, 'SECRETS_KEY' | 'MAILBOX_SECRET_KEY' | 'SESSION_SECRET'>, purpose: SecretPurpose): SecretBox {
    return new SecretBox(secretsKey(config), purpose);
  }

  /** Whether a stored value is sealed (by its shape, not by trying the key). */
  static isSealed(value: string): boolean {
    return SEALED.test(value);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [SEALED_PREFIX.slice(0, -1), iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  /** Throws when the key changed or the text was tampered with (GCM authenticates it). */
  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (!SecretBox.isSealed(sealed) || version !== 'v1' || !iv || !tag || body === undefined) throw new Error('segreto cifrato non leggibile: formato sconosciuto');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('segreto cifrato non leggibile: la chiave (SECRETS_KEY) è cambiata o il valore è stato alterato');
    }
  }
}
