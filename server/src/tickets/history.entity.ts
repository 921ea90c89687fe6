import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';
import { Ticket } from './ticket.entity';

/** One row per changed field: who, when, what, from, to. Written only by TicketService inside its transactions. */
@Entity({ name: 'ticket_history' })
@Tenant({ kind: 'child', parent: () => Ticket, via: 'ticketId' })
export class TicketHistory {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  field!: string;

  @Column({ name: 'from_value', type: 'text', nullable: true })
  fromValue!: string | null;

  @Column({ name: 'to_value', type: 'text', nullable: true })
  toValue!: string | null;
}
