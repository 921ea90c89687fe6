import { generateSync } from 'otplib';
import type { agent } from 'supertest';
import { DEMO_TOTP_SECRET } from '../src/enti/seed/demo-users';

const PERIOD = 30;
/** Per account (and database), the last time step a helper used: the server accepts each step once. */
const lastStep = new Map<string, number>();
/** Accounts that a helper enrolled with a fresh secret (a role changed to one that requires a second factor). */
const secrets = new Map<string, string>();

/**
 * A code of the test accounts' authenticator (the demo secret) that the server has not seen yet: the previous,
 * current or next step (the server accepts ±1 step); when all three were used, waits for the clock to move on.
 */
export async function nextTotpCode(account: string, secret = secrets.get(account) ?? DEMO_TOTP_SECRET): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 1000);
    const current = Math.floor(now / PERIOD);
    // The server takes the previous, current and next step (±30 s): three codes before a wait, not two.
    const step = Math.max(current - 1, (lastStep.get(account) ?? -1) + 1);
    if (step <= current + 1) {
      lastStep.set(account, step);
      return generateSync({ secret, epoch: step * PERIOD });
    }
    await new Promise((resolve) => setTimeout(resolve, (PERIOD - (now % PERIOD)) * 1000 + 50));
  }
}

type Agent = ReturnType<typeof agent>;
interface Answer {
  status: number;
  body: { secondFactor?: 'verify' | 'enrol'; csrfToken?: string };
}

/**
 * Finishes a login that answered `secondFactor` the way a person would: a code of the app (verify), or the
 * enrolment of the demo secret's app when the role requires one and the account has none (enrol).
 */
export async function completeSecondFactor<T extends Answer>(agent: Agent, res: T, account: string): Promise<T> {
  const due = res.body.secondFactor;
  if (!due) return res;
  const csrf = res.body.csrfToken ?? '';
  if (due === 'verify') {
    const next = (await agent.post('/api/auth/second-factor').set('x-csrf-token', csrf).send({ code: await nextTotpCode(account) })) as unknown as T;
    if (next.status !== 200) throw new Error(`second factor of ${account} refused: ${next.status} ${JSON.stringify(next.body)}`);
    return next;
  }
  const enrolment = await agent.post('/api/auth/second-factor/enrolment').set('x-csrf-token', csrf).send({});
  const secret = (enrolment.body as { secret: string }).secret;
  const next = (await agent
    .post('/api/auth/second-factor/enrolment/confirm')
    .set('x-csrf-token', csrf)
    .send({ code: await nextTotpCode(account, secret) })) as unknown as T;
  secrets.set(account, secret);
  if (next.status !== 200) throw new Error(`enrolment of ${account} refused: ${next.status} ${JSON.stringify(next.body)}`);
  return next;
}
