import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ApprovalState, SlaState, SupportGroup, TicketCategory, TicketChannel, TicketStatus, TicketType, Urgency } from '@cit/shared';
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

  @Column({ name: 'service_variant', type: 'text', nullable: true })
  serviceVariant!: string | null;

  /** Units requested (activation), e.g. 2 PEC boxes; labelled by `unitLabels` (mailbox addresses, kit holders). */
  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ name: 'unit_labels', type: 'text', array: true })
  unitLabels!: string[];

  /** Cancellation: the service records to end. */
  @Column({ name: 'target_record_ids', type: 'uuid', array: true })
  targetRecordIds!: string[];

  @Column({ name: 'approval_state', type: 'text' })
  approvalState!: ApprovalState;

  @Column({ name: 'approval_reason', type: 'text', nullable: true })
  approvalReason!: string | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  /** When the worker turned the approval into service records and billing entries. */
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true })
  appliedAt!: Date | null;

  /** «Non applicata»: the worker refused the approved request for a business reason (see service-requests/apply.ts). */
  @Column({ name: 'apply_failed_at', type: 'timestamptz', nullable: true })
  applyFailedAt!: Date | null;

  @Column({ name: 'apply_failure', type: 'text', nullable: true })
  applyFailure!: string | null;

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

  /** Free labels, e.g. added by a routing rule (filterable in the queue). */
  @Column({ type: 'text', array: true })
  labels!: string[];

  /** How the ticket came in (web form, phone, e-mail, MoOne import): routing rules look at it. */
  @Column({ type: 'text' })
  channel!: TicketChannel;

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
