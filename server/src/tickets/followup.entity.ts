import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';
import { Ticket } from './ticket.entity';

@Entity({ name: 'ticket_followups' })
@Tenant({ kind: 'child', parent: () => Ticket, via: 'ticketId' })
export class TicketFollowUp {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId!: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'is_private', type: 'boolean' })
  isPrivate!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
