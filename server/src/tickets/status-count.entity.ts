import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TicketStatus } from '@cit/shared';
import { Tenant } from '../tenancy/policy';

/** Tickets per Ente and status, kept by database triggers (migration TicketStatusCounts); never written by the API. */
@Entity({ name: 'ticket_status_counts' })
@Tenant({ kind: 'ente', ente: 'enteId' })
export class TicketStatusCount {
  @PrimaryColumn({ name: 'ente_id', type: 'uuid' })
  enteId!: string;

  @PrimaryColumn({ type: 'text' })
  status!: TicketStatus;

  @Column({ type: 'integer' })
  n!: number;
}
