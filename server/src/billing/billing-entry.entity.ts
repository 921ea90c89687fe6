import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';

/** What an Ente owes for a service or its membership; `source_key` makes every producer idempotent. */
@Entity({ name: 'billing_entries' })
@Tenant({ kind: 'ente', ente: 'enteId' })
export class BillingEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'source_key', type: 'text' })
  sourceKey!: string;

  @Column({ name: 'ente_id', type: 'uuid' })
  enteId!: string;

  @Column({ name: 'payer_ente_id', type: 'uuid' })
  payerEnteId!: string;

  @Column({ name: 'service_record_id', type: 'uuid', nullable: true })
  serviceRecordId!: string | null;

  @Column({ type: 'text' })
  kind!: 'activation' | 'annual' | 'one_off' | 'usage' | 'quota';

  @Column({ name: 'service_code', type: 'text', nullable: true })
  serviceCode!: string | null;

  @Column({ type: 'smallint' })
  year!: number;

  /** The half-year statement that lists the entry. */
  @Column({ type: 'smallint' })
  half!: 1 | 2;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents!: number;

  @Column({ type: 'text' })
  status!: 'assessed' | 'collected';

  @Column({ name: 'act_reference', type: 'text', nullable: true })
  actReference!: string | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  @Column({ name: 'collected_on', type: 'date', nullable: true })
  collectedOn!: string | null;

  @Column({ name: 'collected_by', type: 'uuid', nullable: true })
  collectedBy!: string | null;

  /** Capitolo di bilancio (e.g. «3100936 - SERVIZI INFORMATICI …»). */
  @Column({ name: 'budget_chapter', type: 'text', nullable: true })
  budgetChapter!: string | null;

  /** Accertamento number («1003/2015») and date, set together by the CIT accounting. */
  @Column({ name: 'assessment_number', type: 'text', nullable: true })
  assessmentNumber!: string | null;

  @Column({ name: 'assessment_date', type: 'date', nullable: true })
  assessmentDate!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
