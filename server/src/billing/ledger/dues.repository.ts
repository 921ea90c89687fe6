import type { DataSource, EntityManager } from 'typeorm';

type Db = DataSource | EntityManager;

export interface QuotaDue {
  year: number;
  amountCents: number;
  dueOn: string | null;
  collected: boolean;
  payerId: string;
  payerName: string;
}

/** The latest membership quota billed to an Ente (served), whoever pays it. */
export async function latestQuota(db: Db, enteId: string): Promise<QuotaDue | undefined> {
  const [row] = (await db.query(
    `SELECT b.year, b.amount_cents AS "amountCents", to_char(b.due_on, 'YYYY-MM-DD') AS "dueOn", b.status = 'collected' AS collected,
            b.payer_ente_id AS "payerId", p.name AS "payerName"
       FROM billing_entries b JOIN enti p ON p.id = b.payer_ente_id
      WHERE b.ente_id = $1 AND b.kind = 'quota' ORDER BY b.year DESC, b.created_at DESC LIMIT 1`,
    [enteId],
  )) as QuotaDue[];
  return row;
}

export interface DuesOfPayer {
  /** By due date, earliest first (undated usage entries last), at most `limit` dates. */
  upcoming: Array<{ dueOn: string | null; amountCents: number; entryCount: number }>;
  outstandingCents: number;
  overdueCents: number;
}

/** What a payer has still to pay (entries assessed, not yet collected), by due date, and how much is past due on `today`. */
export async function duesOfPayer(db: Db, payerId: string, today: string, limit: number): Promise<DuesOfPayer> {
  const rows = (await db.query(
    `SELECT to_char(due_on, 'YYYY-MM-DD') AS "dueOn", sum(amount_cents)::bigint AS cents, count(*)::int AS "entryCount"
       FROM billing_entries WHERE payer_ente_id = $1 AND status = 'assessed'
      GROUP BY due_on ORDER BY due_on NULLS LAST`,
    [payerId],
  )) as Array<{ dueOn: string | null; cents: string; entryCount: number }>;
  let outstandingCents = 0;
  let overdueCents = 0;
  for (const r of rows) {
    outstandingCents += Number(r.cents);
    if (r.dueOn !== null && r.dueOn < today) overdueCents += Number(r.cents);
  }
  return {
    upcoming: rows.slice(0, limit).map((r) => ({ dueOn: r.dueOn, amountCents: Number(r.cents), entryCount: r.entryCount })),
    outstandingCents,
    overdueCents,
  };
}
