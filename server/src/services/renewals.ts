import type { DataSource } from 'typeorm';
import { romeDate } from './apply';

/**
 * The year's fee for every annual record active on 1 January of `year` that is not within the allowance.
 * One set-based statement; the billing source key makes a second run (or a run after a crash) add nothing.
 * Returns how many entries were created.
 */
export async function renewAnnualServices(ds: DataSource, year: number | null, now = new Date()): Promise<number> {
  const y = year ?? Number(romeDate(now).slice(0, 4));
  const rows = (await ds.query(
    `WITH created AS (
       INSERT INTO billing_entries (source_key, ente_id, payer_ente_id, service_record_id, kind, service_code, year, half, description, amount_cents, due_on)
       SELECT 'record:' || r.id || ':annual:' || $1::int, r.ente_id, r.payer_ente_id, r.id, 'annual', r.service_code, $1::int, 1,
              'Canone ' || $1::int || ' – ' || r.service_code || ' n. ' || r.unit_index || COALESCE(' (' || r.unit_label || ')', ''),
              r.annual_cents, make_date($1::int, 3, 31)
       FROM service_records r
       WHERE r.fee_type = 'annual' AND NOT r.free AND r.annual_cents IS NOT NULL
         AND r.starts_on < make_date($1::int, 1, 1)
         AND (r.ends_on IS NULL OR r.ends_on >= make_date($1::int, 1, 1))
       ON CONFLICT (source_key) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM created`,
    [y],
  )) as Array<{ n: number }>;
  return rows[0]?.n ?? 0;
}
