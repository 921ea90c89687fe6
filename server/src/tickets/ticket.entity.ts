import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SlaState, SupportGroup, TicketCategory, TicketStatus, TicketType, Urgency } from '@cit/shared';
import { Tenant } from '../tenancy/policy';

@Entity({ name: 'tickets' })
@Tenant({ kind: 'ente', ente: 'enteId', supplier: 'supplierId' })
export class Ticket {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'protocol_year', type: 'smallint' })
  protocolYear!: number;

  @Column({ name: 'protocol_number', type: 'integer' })
  protocolNumber!: number;

  @Column({ name: 'ente_id', type: 'uuid' })
  enteId!: string;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId!: string;

  @Column({ name: 'opened_by_id', type: 'uuid' })
  openedById!: string;

  @Column({ type: 'text' })
  type!: TicketType;

  @Column({ type: 'text' })
  category!: TicketCategory;

  @Column({ name: 'service_code', type: 'text', nullable: true })
  serviceCode!: string | null;

  @Column({ type: 'text' })
  urgency!: Urgency;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  status!: TicketStatus;

  @Column({ name: 'return_status', type: 'text', nullable: true })
  returnStatus!: TicketStatus | null;

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'support_group', type: 'text', nullable: true })
  supportGroup!: SupportGroup | null;

  @Column({ name: 'supplier_id', type: 'uuid', nullable: true })
  supplierId!: string | null;

  @Column({ name: 'planned_for', type: 'timestamptz', nullable: true })
  plannedFor!: Date | null;

  @Column({ name: 'pending_reason', type: 'text', nullable: true })
  pendingReason!: string | null;

  @Column({ type: 'text', nullable: true })
  solution!: string | null;

  @Column({ name: 'take_charge_minutes', type: 'integer' })
  takeChargeMinutes!: number;

  @Column({ name: 'resolve_minutes', type: 'integer' })
  resolveMinutes!: number;

  @Column({ name: 'take_charge_due', type: 'timestamptz', nullable: true })
  takeChargeDue!: Date | null;

  @Column({ name: 'resolve_due', type: 'timestamptz', nullable: true })
  resolveDue!: Date | null;

  @Column({ name: 'take_charge_remaining', type: 'integer', nullable: true })
  takeChargeRemaining!: number | null;

  @Column({ name: 'resolve_remaining', type: 'integer', nullable: true })
  resolveRemaining!: number | null;

  @Column({ name: 'taken_at', type: 'timestamptz', nullable: true })
  takenAt!: Date | null;

  @Column({ name: 'solved_at', type: 'timestamptz', nullable: true })
  solvedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ name: 'sla_state', type: 'text' })
  slaState!: SlaState;

  @Column({ name: 'queue_due', type: 'timestamptz' })
  queueDue!: Date;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
