import type { ServiceCode, TicketStatus, Urgency } from '@cit/shared';

/**
 * The shape of the demo's two-year ticket history, decided by a seeded PRNG only (no clock, no database): how
 * many tickets, in which age bucket, status, urgency and category. `demo-history.ts` turns the plan into rows.
 */

/** mulberry32: tiny, fast and good enough for demo data; the same seed gives the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function weighted<T>(rnd: () => number, table: ReadonlyArray<readonly [T, number]>): T {
  const total = table.reduce((n, [, w]) => n + w, 0);
  let x = rnd() * total;
  for (const [value, w] of table) {
    x -= w;
    if (x < 0) return value;
  }
  return table[table.length - 1]![0];
}

/** Age buckets (days before today): most of the history is closed; the last month is the live queue. */
const BUCKETS = [
  { tickets: 880, from: 31, to: 730, statuses: [['closed', 90], ['deleted', 5], ['pending', 5]] },
  { tickets: 80, from: 8, to: 30, statuses: [['closed', 50], ['solved', 10], ['pending', 15], ['assigned', 12], ['planned', 8], ['deleted', 5]] },
  { tickets: 40, from: 0, to: 7, statuses: [['new', 35], ['assigned', 30], ['planned', 10], ['pending', 10], ['solved', 15]] },
] as const satisfies ReadonlyArray<{ tickets: number; from: number; to: number; statuses: ReadonlyArray<readonly [TicketStatus, number]> }>;

export const DEMO_HISTORY_TICKETS = BUCKETS.reduce((n, b) => n + b.tickets, 0);

const URGENCIES: ReadonlyArray<readonly [Urgency, number]> = [
  ['medium', 45],
  ['low', 20],
  ['high', 20],
  ['very_low', 8],
  ['blocking', 7],
];

/** Services an Ente activates through a ticket in the demo, with a yearly fee for the record (cents). */
export const DEMO_ACTIVATIONS: ReadonlyArray<{ code: ServiceCode; annualCents: number; title: string }> = [
  { code: 'pec', annualCents: 3600, title: 'Nuova casella PEC per l’ufficio tecnico' },
  { code: 'firma_digitale', annualCents: 7500, title: 'Kit di firma digitale per il nuovo responsabile' },
  { code: 'spid', annualCents: 3500, title: 'Assistenza al rilascio SPID per lo sportello' },
  { code: 'seclog', annualCents: 10000, title: 'Attivazione Sec-Log per l’amministratore di sistema' },
  { code: 'sms_account', annualCents: 10500, title: 'Account per l’invio di SMS ai cittadini' },
  { code: 'drupal_hosting', annualCents: 25000, title: 'Hosting del sito istituzionale' },
];

export interface PlannedTicket {
  index: number;
  /** Days before today it was opened, and the minute of that working day (from 8:30). */
  ageDays: number;
  minuteOfDay: number;
  status: TicketStatus;
  urgency: Urgency;
  type: 'incident' | 'request';
  /** Index into DEMO_ACTIVATIONS when it is an activation request. */
  activation: number | null;
  /** Weighted pick of the Ente (index into the caller's list) and of template texts. */
  enteRoll: number;
  textRoll: number;
  /** Missed its SLA (late take-charge or resolution). */
  late: boolean;
  rejected: boolean;
  followups: number;
  supplier: boolean;
}

export function planHistory(seed: number): PlannedTicket[] {
  const rnd = prng(seed);
  const plan: PlannedTicket[] = [];
  for (const b of BUCKETS) {
    for (let i = 0; i < b.tickets; i++) {
      const status = weighted(rnd, b.statuses);
      // New tickets include activations waiting for the approver (the approver's queue is part of the demo).
      const activation = rnd() < (status === 'new' ? 0.3 : 0.12) ? Math.floor(rnd() * DEMO_ACTIVATIONS.length) : null;
      plan.push({
        index: plan.length,
        ageDays: b.from + Math.floor(rnd() * (b.to - b.from + 1)),
        minuteOfDay: Math.floor(rnd() * 480),
        status,
        urgency: weighted(rnd, URGENCIES),
        type: activation !== null ? 'request' : rnd() < 0.55 ? 'incident' : 'request',
        activation,
        enteRoll: rnd(),
        textRoll: rnd(),
        late: rnd() < 0.09,
        rejected: activation !== null && rnd() < 0.15,
        followups: status === 'new' ? Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 4),
        supplier: rnd() < 0.15,
      });
    }
  }
  return plan;
}

/** Tickets per status in the plan: what the demo test expects in the database. */
export function plannedStatusCounts(seed: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const t of planHistory(seed)) counts[t.status] = (counts[t.status] ?? 0) + 1;
  return counts;
}
