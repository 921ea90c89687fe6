import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';
import type { Ente } from './ente.entity';

/** A signed Convenzione: the Ente is a member for the period. */
@Entity({ name: 'memberships' })
@Tenant({ kind: 'ente', ente: 'enteId' })
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'ente_id', type: 'uuid' })
  enteId!: string;

  @ManyToOne('Ente', (e: Ente) => e.memberships, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ente_id' })
  ente?: Ente;

  @Column({ name: 'period_code', type: 'text' })
  periodCode!: string;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn!: string;

  @Column({ name: 'resolution_number', type: 'text' })
  resolutionNumber!: string;

  @Column({ name: 'resolution_date', type: 'date' })
  resolutionDate!: string;

  @Column({ type: 'text' })
  signer!: string;

  /** The signatory's codice fiscale, when recorded (the approver's verdict matches signatures by it). */
  @Column({ name: 'signer_fiscal_code', type: 'char', length: 16, nullable: true })
  signerFiscalCode!: string | null;

  /** 2021-2025 only: the yearly quota recorded for Comuni that do not pay the fixed amount (euro). */
  @Column({ name: 'recorded_quota', type: 'numeric', precision: 12, scale: 2, nullable: true })
  recordedQuota!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
