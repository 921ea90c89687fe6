import type { DataSource } from 'typeorm';
import type { TicketLinks } from '@cit/shared';
import type { AuthContext } from '../auth/context';
import { AppError, fieldError, notFound } from '../platform/http/errors';
import { Ticket } from '../tickets/ticket.entity';
import { formatProtocol, type TicketService } from '../tickets/tickets.service';
import { deleteTicketLink, enteNames, insertTicketLink, mergedIntoId, moveIntoSurvivor, readTicketLinks, resolveTicketRef } from './ticket-links.repository';

const protocolOf = (t: Ticket) => formatProtocol(t.protocolYear, t.protocolNumber);
const gone = (t: Ticket) => t.status === 'closed' || t.status === 'deleted';

/**
 * Relations between tickets (issue 17, point 7). A link says two tickets are related and shows on both. A merge
 * folds a duplicate into the surviving ticket of the same Ente: its follow-ups, attachments and followers move
 * there, it keeps a pointer to it, gets a history line and is closed. Staff only (routes); tickets of different
 * Enti are never linked or merged, so nothing of one Ente ever shows on another's ticket.
 */
export class TicketLinksService {
  constructor(
    private readonly ds: DataSource,
    private readonly tickets: TicketService,
  ) {}

  async links(auth: AuthContext, id: string): Promise<TicketLinks> {
    await auth.db.get(Ticket, id, 'Il ticket');
    return readTicketLinks(this.ds, id);
  }

  async link(auth: AuthContext, id: string, ref: string): Promise<TicketLinks> {
    const [one, other] = await this.pair(auth, id, ref, 'ticket');
    if (one.id === other.id) throw fieldError('ticket', 'Un ticket non può essere collegato a sé stesso.');
    await this.sameEnte(one, other, 'collegare');
    await this.ds.transaction(async (tx) => {
      const [a, b] = await this.lockBoth(tx, one.id, other.id);
      if (!(await insertTicketLink(tx, a.id, b.id, auth.user.id))) return;
      await this.tickets.save(tx, a, [{ field: 'link', from: null, to: protocolOf(b) }], auth.user.id, 'status');
      await this.tickets.save(tx, b, [{ field: 'link', from: null, to: protocolOf(a) }], auth.user.id, 'status');
    });
    return readTicketLinks(this.ds, id);
  }

  async unlink(auth: AuthContext, id: string, otherId: string): Promise<void> {
    const [one, other] = await this.pair(auth, id, otherId, 'otherId');
    await this.ds.transaction(async (tx) => {
      const [a, b] = await this.lockBoth(tx, one.id, other.id);
      if (!(await deleteTicketLink(tx, a.id, b.id))) throw notFound('Il collegamento');
      await this.tickets.save(tx, a, [{ field: 'link', from: protocolOf(b), to: null }], auth.user.id, 'status');
      await this.tickets.save(tx, b, [{ field: 'link', from: protocolOf(a), to: null }], auth.user.id, 'status');
    });
  }

  /** Merges ticket `id` into the one named by `intoRef`; returns the surviving ticket's id. */
  async merge(auth: AuthContext, id: string, intoRef: string): Promise<string> {
    const [dup, into] = await this.pair(auth, id, intoRef, 'into');
    if (dup.id === into.id) throw fieldError('into', 'Un ticket non può essere unito a sé stesso.');
    await this.sameEnte(dup, into, 'unire');
    await this.ds.transaction(async (tx) => {
      const [first, second] = await this.lockBoth(tx, dup.id, into.id);
      const [d, s] = first.id === dup.id ? [first, second] : [second, first];
      if (await mergedIntoId(tx, d.id)) throw new AppError(409, 'already_merged', `Il ticket ${protocolOf(d)} è già stato unito a un altro ticket.`);
      if (gone(d)) throw new AppError(409, 'ticket_closed', `Il ticket ${protocolOf(d)} è chiuso o eliminato: non si può unire.`);
      if (gone(s) || (await mergedIntoId(tx, s.id))) {
        throw new AppError(409, 'target_closed', `Il ticket ${protocolOf(s)} è chiuso, eliminato o già unito: scelga un ticket aperto in cui unire.`);
      }
      const moved = await moveIntoSurvivor(tx, d, s.id, auth.user.id);
      const closing = this.tickets.closeBySystem(d);
      await this.tickets.save(tx, d, [{ field: 'merged_into', from: null, to: protocolOf(s) }, ...closing], auth.user.id, 'status');
      await this.tickets.save(
        tx,
        s,
        [{ field: 'merged_from', from: null, to: `${protocolOf(d)} (${moved.followUps} seguiti, ${moved.attachments} allegati)` }],
        auth.user.id,
        'followup',
      );
    });
    return into.id;
  }

  /** The ticket of the path (404 if not visible) and the one the body names (400 on the field if unknown). */
  private async pair(auth: AuthContext, id: string, ref: string, field: string): Promise<[Ticket, Ticket]> {
    const one = await auth.db.get(Ticket, id, 'Il ticket');
    const otherId = await resolveTicketRef(this.ds, ref);
    // A path parameter names a resource (404); a body field is a value the person typed (400 on the field).
    if (!otherId && field === 'otherId') throw notFound('Il ticket indicato');
    if (!otherId) throw fieldError(field, `Nessun ticket con protocollo o identificativo «${ref}».`);
    return [one, await auth.db.get(Ticket, otherId, 'Il ticket indicato')];
  }

  private async sameEnte(a: Ticket, b: Ticket, verb: string) {
    if (a.enteId === b.enteId) return;
    const names = await enteNames(this.ds, [a.enteId, b.enteId]);
    throw new AppError(
      409,
      'different_ente',
      `Non si possono ${verb} ticket di Enti diversi: ${protocolOf(a)} è di «${names.get(a.enteId) ?? '?'}», ${protocolOf(b)} di «${names.get(b.enteId) ?? '?'}».`,
    );
  }

  /** Locks two tickets in id order, so that two merges crossing each other cannot deadlock. */
  private async lockBoth(tx: Parameters<TicketService['lock']>[0], one: string, other: string): Promise<[Ticket, Ticket]> {
    const [x, y] = one < other ? [one, other] : [other, one];
    const first = await this.tickets.lock(tx, x);
    const second = await this.tickets.lock(tx, y);
    return one < other ? [first, second] : [second, first];
  }
}
