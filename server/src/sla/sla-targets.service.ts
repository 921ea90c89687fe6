import type { DataSource } from 'typeorm';
import type { Urgency } from '@cit/shared';

/** Admin edits of the per-urgency targets; tickets keep the targets they were opened with. */
export class SlaTargetsService {
  constructor(private readonly ds: DataSource) {}

  async update(urgency: Urgency, takeChargeMinutes: number, resolveMinutes: number) {
    await this.ds.query(`UPDATE sla_targets SET take_charge_minutes = $2, resolve_minutes = $3, updated_at = now() WHERE urgency = $1`, [
      urgency,
      takeChargeMinutes,
      resolveMinutes,
    ]);
    return { urgency, takeChargeMinutes, resolveMinutes };
  }
}
