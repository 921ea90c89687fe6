import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed capabilities carried by e-mail: the Reply-To token (who may answer which ticket) and the survey
 * link. Both are HMACs under the mail secret, so they cannot be forged and die with a secret rotation.
 */
export class MailTokens {
  constructor(private readonly secret: string) {}

  private mac(purpose: string, value: string): Buffer {
    return createHmac('sha256', this.secret).update(`${purpose}\n${value}`).digest();
  }

  /**
   * 32 lower-case hex characters (128 bits): an address local part must stay under 64 characters and some
   * mail systems fold case, so the ticket and user travel in our database (mail_reply_tokens), not in the token.
   */
  replyToken(ticketId: string, userId: string): string {
    return this.mac('reply', `${ticketId}:${userId}`).subarray(0, 16).toString('hex');
  }

  replyTokenMatches(token: string, ticketId: string, userId: string): boolean {
    return safeEqual(token, this.replyToken(ticketId, userId));
  }

  /** `<ticketId>.<expiry seconds>.<signature>`: self-contained, so the survey page needs no lookup to reject tampering. */
  surveyToken(ticketId: string, expiresAt: Date): string {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return `${ticketId}.${exp}.${this.mac('survey', `${ticketId}.${exp}`).subarray(0, 18).toString('base64url')}`;
  }

  /** The ticket id when the token is genuine and not expired; otherwise why not. */
  verifySurveyToken(token: string, now: Date): { ok: true; ticketId: string; expiresAt: Date } | { ok: false; reason: 'invalid' | 'expired' } {
    const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{24})$/.exec(token);
    if (!m || !m[1] || !m[2] || !m[3]) return { ok: false, reason: 'invalid' };
    const expected = this.mac('survey', `${m[1]}.${m[2]}`).subarray(0, 18).toString('base64url');
    if (!safeEqual(m[3], expected)) return { ok: false, reason: 'invalid' };
    const expiresAt = new Date(Number(m[2]) * 1000);
    if (expiresAt <= now) return { ok: false, reason: 'expired' };
    return { ok: true, ticketId: m[1], expiresAt };
  }

  /**
   * «Da testare» link: `<ticketId>.<userId>.<expiry seconds>.<signature>`. It lets that one user (the requester)
   * confirm or reopen that one ticket without signing in, until it expires or the ticket leaves the state.
   */
  testToken(ticketId: string, userId: string, expiresAt: Date): string {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return `${ticketId}.${userId}.${exp}.${this.mac('test', `${ticketId}.${userId}.${exp}`).subarray(0, 18).toString('base64url')}`;
  }

  verifyTestToken(token: string, now: Date): { ok: true; ticketId: string; userId: string } | { ok: false; reason: 'invalid' | 'expired' } {
    const m = /^([0-9a-f-]{36})\.([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{24})$/.exec(token);
    if (!m || !m[1] || !m[2] || !m[3] || !m[4]) return { ok: false, reason: 'invalid' };
    if (!safeEqual(m[4], this.mac('test', `${m[1]}.${m[2]}.${m[3]}`).subarray(0, 18).toString('base64url'))) return { ok: false, reason: 'invalid' };
    if (new Date(Number(m[3]) * 1000) <= now) return { ok: false, reason: 'expired' };
    return { ok: true, ticketId: m[1], userId: m[2] };
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
