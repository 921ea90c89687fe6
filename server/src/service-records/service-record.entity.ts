import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';

/** One delivered unit of a service (a PEC box, a signature kit, pagoPA for the Ente), created by the worker. */
@Entity({ name: 'service_records' })
@Tenant({ kind: 'ente', ente: 'enteId' })
export class ServiceRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'ente_id', type: 'uuid' })
  enteId!: string;

  @Column({ name: 'payer_ente_id', type: 'uuid' })
  payerEnteId!: string;

  @Column({ name: 'service_code', type: 'text' })
  serviceCode!: string;

  @Column({ type: 'text', nullable: true })
  variant!: string | null;

  /** Position of this unit among the Ente's units of the service in the convention (4 = the 4th PEC box). */
  @Column({ name: 'unit_index', type: 'integer' })
  unitIndex!: number;

  @Column({ name: 'unit_label', type: 'text', nullable: true })
  unitLabel!: string | null;

  @Column({ name: 'convention_period', type: 'text' })
  conventionPeriod!: string;

  /** Null for the records imported from SoftwareCit (their history has no ticket here; they carry `importKey`). */
  @Column({ name: 'request_ticket_id', type: 'uuid', nullable: true })
  requestTicketId!: string | null;

  @Column({ name: 'request_unit', type: 'integer', nullable: true })
  requestUnit!: number | null;

  @Column({ name: 'import_key', type: 'text', nullable: true })
  importKey!: string | null;

  @Column({ name: 'request_date', type: 'date' })
  requestDate!: string;

  @Column({ type: 'text' })
  protocol!: string;

  @Column({ name: 'referent_name', type: 'text' })
  referentName!: string;

  @Column({ name: 'referent_email', type: 'text' })
  referentEmail!: string;

  @Column({ name: 'form_attachment_id', type: 'uuid', nullable: true })
  formAttachmentId!: string | null;

  @Column({ name: 'fee_type', type: 'text' })
  feeType!: 'annual' | 'one_off' | 'usage' | 'none';

  @Column({ type: 'boolean' })
  free!: boolean;

  @Column({ name: 'free_reason', type: 'text' })
  freeReason!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ name: 'annual_cents', type: 'integer', nullable: true })
  annualCents!: number | null;

  @Column({ name: 'vat_status', type: 'text' })
  vatStatus!: string;

  @Column({ name: 'supplier_id', type: 'uuid', nullable: true })
  supplierId!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ name: 'cancellation_ticket_id', type: 'uuid', nullable: true })
  cancellationTicketId!: string | null;

  @Column({ name: 'cancellation_protocol', type: 'text', nullable: true })
  cancellationProtocol!: string | null;

  @Column({ name: 'cancellation_requested_on', type: 'date', nullable: true })
  cancellationRequestedOn!: string | null;

  /** The last year the 1 January renewal renewed this record for. */
  @Column({ name: 'renewed_for_year', type: 'smallint', nullable: true })
  renewedForYear!: number | null;

  /** Why the renewal ended it on 31 December: the new list does not offer the service, or the Ente did not join the new convention. */
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: 'not_offered' | 'no_membership' | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
