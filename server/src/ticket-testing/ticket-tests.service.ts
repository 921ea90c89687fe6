import type { AuthResolver } from '../auth/auth.middleware';
import type { AuthContext } from '../auth/context';
import { AppError } from '../platform/http/errors';
import type { MailTokens } from '../notifications/tokens';
import { Ticket } from '../tickets/ticket.entity';
import { formatProtocol, type TicketService } from '../tickets/tickets.service';

export interface TicketToTest {
  protocol: string;
  title: string;
  status: Ticket['status'];
  solution: string | null;
}

export type TestAnswer = { answer: 'confirm'; message?: string | undefined } | { answer: 'reopen'; message: string };

/**
 * «Da testare» from the e-mail: the signed link is the capability of one user (the requester) on one ticket. The
 * action runs as that user through the ticket service, so the lifecycle, the SLA clocks, the history and the
 * notifications are exactly those of the same click on the ticket page; the token adds no power of its own.
 */
export class TicketTestLinks {
  constructor(
    private readonly tokens: MailTokens,
    private readonly resolveAuth: AuthResolver,
    private readonly tickets: TicketService,
  ) {}

  /** The user the link was sent to, still active and still able to see the ticket; 404 otherwise. */
  private async open(token: string): Promise<{ auth: AuthContext; ticket: Ticket }> {
    const v = this.tokens.verifyTestToken(token, this.tickets.now());
    if (!v.ok) {
      throw v.reason === 'expired'
        ? new AppError(410, 'test_link_expired', 'Il collegamento è scaduto: apra il ticket dal sito per confermare o riaprire.')
        : new AppError(404, 'test_link_not_found', 'Collegamento non valido.');
    }
    const auth = await this.resolveAuth(v.userId);
    if (!auth) throw new AppError(404, 'test_link_not_found', 'Collegamento non valido.');
    return { auth, ticket: await auth.db.get(Ticket, v.ticketId, 'Il ticket') };
  }

  async read(token: string): Promise<TicketToTest> {
    const { ticket } = await this.open(token);
    return describe(ticket);
  }

  async answer(token: string, a: TestAnswer): Promise<TicketToTest> {
    const { auth, ticket } = await this.open(token);
    if (ticket.status !== 'to_test') {
      throw new AppError(409, 'not_to_test', 'Il ticket non è più in attesa della Sua verifica: lo apra dal sito per vedere a che punto è.');
    }
    await this.tickets.act(
      auth,
      ticket.id,
      a.answer === 'confirm' ? { action: 'confirm_fix', ...(a.message ? { message: a.message } : {}) } : { action: 'reopen', message: a.message },
    );
    return describe(await auth.db.get(Ticket, ticket.id, 'Il ticket'));
  }
}

const describe = (t: Ticket): TicketToTest => ({
  protocol: formatProtocol(t.protocolYear, t.protocolNumber),
  title: t.title,
  status: t.status,
  solution: t.solution,
});
