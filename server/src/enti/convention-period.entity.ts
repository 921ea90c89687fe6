import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Tenant } from '../tenancy/policy';

/** A multi-year Convenzione (e.g. 2026-2030); price lists and memberships belong to one. */
@Entity({ name: 'convention_periods' })
@Tenant({ kind: 'reference' })
export class ConventionPeriod {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;
}
