import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';
import type { Ente } from './ente.entity';

/** Residents and registered businesses of an Ente counted at 31 December of `asOfYear`. */
@Entity({ name: 'ente_population' })
@Tenant({ kind: 'ente', ente: 'enteId' })
export class EntePopulation {
  @PrimaryColumn({ name: 'ente_id', type: 'uuid' })
  enteId!: string;

  @PrimaryColumn({ name: 'as_of_year', type: 'smallint' })
  asOfYear!: number;

  @Column({ type: 'integer' })
  residents!: number;

  @Column({ type: 'integer' })
  businesses!: number;

  @ManyToOne('Ente', (e: Ente) => e.population, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ente_id' })
  ente?: Ente;
}
