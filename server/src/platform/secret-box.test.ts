import { loadConfig } from '../config';
import { SecretBox, secretsKey } from './secret-box';

const KEY = 'k'.repeat(40);

describe('SecretBox: secrets at rest', () => {
  it('seals to a recognisable shape that opens only with the same key and purpose', () => {
    const box = new SecretBox(KEY, 'totp');
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    // A fresh IV each time: equal secrets do not give equal values.
    expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => new SecretBox(KEY, 'mailbox').open(sealed)).toThrow(/SECRETS_KEY/);
    expect(() => new SecretBox('z'.repeat(40), 'totp').open(sealed)).toThrow(/SECRETS_KEY/);
  });

  it('refuses a tampered value and never takes a clear secret for a sealed one', () => {
    const box = new SecretBox(KEY, 'mailbox');
    const [v, iv, tag, body] = box.seal('password-imap').split(':');
    const flipped = Buffer.from(body ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow(/alterato/);
    for (const clear of ['JBSWY3DPEHPK3PXP', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'v1:not base64!:x:y', '']) expect(SecretBox.isSealed(clear)).toBe(false);
    expect(() => box.open('JBSWY3DPEHPK3PXP')).toThrow(/formato/);
  });

  it('takes SECRETS_KEY, else MAILBOX_SECRET_KEY, else SESSION_SECRET; two different keys stop the start', () => {
    const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/cit', REDIS_URL: 'redis://127.0.0.1:6379', SESSION_SECRET: 's'.repeat(32) };
    expect(secretsKey(loadConfig(base))).toBe(base.SESSION_SECRET);
    expect(secretsKey(loadConfig({ ...base, MAILBOX_SECRET_KEY: 'm'.repeat(32) }))).toBe('m'.repeat(32));
    expect(secretsKey(loadConfig({ ...base, SECRETS_KEY: KEY, MAILBOX_SECRET_KEY: KEY }))).toBe(KEY);
    expect(() => loadConfig({ ...base, SECRETS_KEY: KEY, MAILBOX_SECRET_KEY: 'm'.repeat(32) })).toThrow(/MAILBOX_SECRET_KEY: diversa da SECRETS_KEY/);
  });
});
