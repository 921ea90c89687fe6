import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../../tenancy/policy';

/** A half-year statement: one per paying Ente and half-year; an Ente sees the statements it pays. */
@Entity({ name: 'statements' })
@Tenant({ kind: 'ente', ente: 'payerEnteId' })
export class Statement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'payer_ente_id', type: 'uuid' })
  payerEnteId!: string;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'smallint' })
  half!: 1 | 2;

  @Column({ name: 'total_cents', type: 'integer' })
  totalCents!: number;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ name: 'entry_count', type: 'integer' })
  entryCount!: number;

  /** Lists the entries of member Enti too (the payer is their capofila). */
  @Column({ type: 'boolean' })
  consolidated!: boolean;

  /** The rendered PDF in the attachment store; null only for a row written outside the generator. */
  @Column({ name: 'pdf_sha256', type: 'char', length: 64, nullable: true })
  pdfSha256!: string | null;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ name: 'generated_at', type: 'timestamptz' })
  generatedAt!: Date;

  /** Unique per year; kept when the statement is rendered again, and then `version` grows. */
  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'integer' })
  version!: number;

  /** The balance as at the end of the half-year (shared statementBalance); bigint comes back as a string. */
  @Column({ name: 'carried_cents', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  carriedCents!: number;

  @Column({ name: 'payments_cents', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  paymentsCents!: number;

  @Column({ name: 'outstanding_cents', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  outstandingCents!: number;

  @Column({ name: 'pagopa_notice_code', type: 'char', length: 18, nullable: true })
  pagopaNoticeCode!: string | null;
}
