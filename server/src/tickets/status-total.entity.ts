import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TicketStatus } from '@cit/shared';
import { Tenant } from '../tenancy/policy';

/** Tickets per status over every Ente, in shards summed on read; kept by database triggers (migration TicketStatusTotals). */
@Entity({ name: 'ticket_status_totals' })
@Tenant({ kind: 'all-enti' })
export class TicketStatusTotal {
  @PrimaryColumn({ type: 'smallint' })
  shard!: number;

  @PrimaryColumn({ type: 'text' })
  status!: TicketStatus;

  // bigint comes back from pg as a string; the query sums it to an int.
  @Column({ type: 'bigint' })
  n!: string;
}
