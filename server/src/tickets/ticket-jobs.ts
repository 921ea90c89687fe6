import type { DataSource } from 'typeorm';
import { Ticket } from './ticket.entity';
import type { TicketService } from './tickets.service';

/**
 * The repeatable ticket jobs. Each candidate is re-checked under its row lock, so a job racing a user (a reply
 * that reopens the ticket) or another run of itself never acts on a stale view; both are safe to run twice.
 */

/** Solved tickets older than `days` become closed. Returns how many. */
export async function autoCloseSolved(ds: DataSource, tickets: TicketService, days: number): Promise<number> {
  const cutoff = new Date(tickets.now().getTime() - days * 86_400_000);
  const ids = (await ds.query(`SELECT id FROM tickets WHERE status = 'solved' AND solved_at <= $1 ORDER BY solved_at LIMIT 1000`, [
    cutoff,
  ])) as Array<{ id: string }>;
  let closed = 0;
  for (const { id } of ids) {
    await ds.transaction(async (tx) => {
      const t = await tickets.lock(tx, id);
      if (t.status !== 'solved' || !t.solvedAt || t.solvedAt > cutoff) return;
      await tickets.save(tx, t, tickets.closeBySystem(t), null, 'status');
      closed++;
    });
  }
  return closed;
}

/** Moves running tickets to at-risk / breached as support time passes. Returns how many changed. */
export async function refreshSlaStates(ds: DataSource, tickets: TicketService): Promise<number> {
  // The first pass runs outside the ticket locks: it must already see a calendar edited since the last run.
  await tickets.refreshCalendar();
  const running = await ds
    .getRepository(Ticket)
    .createQueryBuilder('t')
    .where(`t.status IN ('new', 'assigned', 'planned')`)
    .andWhere(`t.sla_state <> 'breached'`)
    .getMany();
  let changed = 0;
  for (const candidate of running) {
    if (tickets.slaStateNow(candidate) === candidate.slaState) continue;
    await ds.transaction(async (tx) => {
      const t = await tickets.lock(tx, candidate.id);
      if (tickets.slaStateNow(t) === t.slaState) return;
      await tickets.save(tx, t, [], null, 'sla');
      changed++;
    });
  }
  return changed;
}
