import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EnteKind } from '@cit/shared';
import { Tenant } from '../tenancy/policy';
import { EntePopulation } from './population.entity';
import { Membership } from './membership.entity';

@Entity({ name: 'enti' })
@Tenant({ kind: 'ente', ente: 'id' })
export class Ente {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: EnteKind;

  @Column({ name: 'fiscal_code', type: 'char', length: 11 })
  fiscalCode!: string;

  @Column({ type: 'text', nullable: true })
  pec!: string | null;

  @Column({ name: 'capofila_id', type: 'uuid', nullable: true })
  capofilaId!: string | null;

  @ManyToOne(() => Ente, { nullable: true })
  @JoinColumn({ name: 'capofila_id' })
  capofila?: Ente | null;

  /** The capofila pays the CIT fees of this member. */
  @Column({ name: 'capofila_pays', type: 'boolean', default: false })
  capofilaPays!: boolean;

  @Column({ name: 'istat_code', type: 'char', length: 6, nullable: true })
  istatCode!: string | null;

  /** Code of the Ente in the Indice dei domicili digitali della PA (IPA), lower case. */
  @Column({ name: 'ipa_code', type: 'text', nullable: true })
  ipaCode!: string | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt!: Date | null;

  @Column({ name: 'merged_into_id', type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @Column({ name: 'merged_on', type: 'date', nullable: true })
  mergedOn!: string | null;

  /** Optimistic concurrency: an edit sends the version it read. */
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @OneToMany(() => EntePopulation, (p) => p.ente)
  population?: EntePopulation[];

  @OneToMany(() => Membership, (m) => m.ente)
  memberships?: Membership[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
