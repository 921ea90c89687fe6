import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../config';

/**
 * The mailboxes' passwords at rest: AES-256-GCM under a key derived from MAILBOX_SECRET_KEY (SESSION_SECRET when
 * unset). A database dump alone does not give away the CIT's mail passwords; the API never returns them.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'cit-helpdesk', 'mailbox-secret-v1', 32));
  }

  static fromConfig(config: Config): SecretBox {
    return new SecretBox(config.MAILBOX_SECRET_KEY ?? config.SESSION_SECRET);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  /** Throws when the key changed or the text was tampered with (GCM authenticates it). */
  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('password della casella non leggibile');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }
}
