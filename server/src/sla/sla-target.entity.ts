import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Urgency } from '@cit/shared';
import { Tenant } from '../tenancy/policy';

/** Per-urgency targets in support minutes (admin-editable; defaults from DOMAIN.md in the migration). */
@Entity({ name: 'sla_targets' })
@Tenant({ kind: 'reference' })
export class SlaTarget {
  @PrimaryColumn({ type: 'text' })
  urgency!: Urgency;

  @Column({ name: 'take_charge_minutes', type: 'integer' })
  takeChargeMinutes!: number;

  @Column({ name: 'resolve_minutes', type: 'integer' })
  resolveMinutes!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
