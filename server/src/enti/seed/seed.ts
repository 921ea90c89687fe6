import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../../auth/password';
import { DEMO_ENTI, type DemoEnte } from './enti-data';
import { DEMO_PASSWORD, DEMO_SUPPLIERS, DEMO_TOTP_SECRET, DEMO_USERS, type DemoUser } from './demo-users';
import { secondFactorRequired } from '../../auth/second-factor/second-factor.service';
import { seedDemoServices, type DemoServicesDeps, type DemoServicesReport } from './demo-services';

export interface SeedReport {
  enti: number;
  population: number;
  memberships: number;
  suppliers: number;
  users: number;
  /** The demo service history (requests, renewals); empty on a second run. */
  services: DemoServicesReport;
}

/** Deterministic pseudo-random number in [0, 1) from a label, so the seed gives the same data every time. */
function unit(label: string): number {
  return createHash('sha256').update(label).digest().readUInt32BE(0) / 2 ** 32;
}

const SIGNERS = ['Sindaco pro tempore', 'Presidente pro tempore', 'Segretario generale', 'Responsabile del servizio'];

function signingFor(ente: DemoEnte, period: '2021-2025' | '2026-2030') {
  const base = period === '2021-2025' ? Date.UTC(2020, 11, 1) : Date.UTC(2025, 10, 3);
  const days = Math.floor(unit(`${ente.name}/${period}/date`) * 110);
  const resolution = new Date(base + days * 86_400_000);
  const signed = new Date(resolution.getTime() + (3 + Math.floor(unit(`${ente.name}/${period}/gap`) * 20)) * 86_400_000);
  const organ = ente.kind === 'comune' || ente.kind === 'comune_capoluogo' ? 'C.C.' : 'Assemblea';
  const signer = ente.kind.startsWith('comune') ? SIGNERS[0] : SIGNERS[1 + Math.floor(unit(`${ente.name}/signer`) * 3)];
  return {
    signedOn: signed.toISOString().slice(0, 10),
    resolutionDate: resolution.toISOString().slice(0, 10),
    resolutionNumber: `Delibera ${organ} n. ${1 + Math.floor(unit(`${ente.name}/${period}/n`) * 60)}`,
    signer: signer ?? SIGNERS[0],
  };
}

/** The capofila demo referent acts for the Unione with the most member Enti. */
export function demoCapofila(): string {
  const counts = new Map<string, number>();
  for (const e of DEMO_ENTI) if (e.capofila) counts.set(e.capofila, (counts.get(e.capofila) ?? 0) + 1);
  const unioni = [...counts].filter(([name]) => DEMO_ENTI.find((e) => e.name === name)?.kind === 'unione_comuni');
  unioni.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const first = unioni[0];
  if (!first) throw new Error('demo data has no Unione with members');
  return first[0];
}

export function demoUsers(): DemoUser[] {
  return [
    ...DEMO_USERS,
    { email: 'referente.unione@enti.example', name: 'Referente Unione', role: 'capofila_user', ente: demoCapofila() },
  ];
}

/**
 * Loads the demo Enti, memberships, suppliers and one user per role, then the demo service history through the
 * product's services (`demo-services.ts`, which needs the attachment store and the support calendar). Every
 * insert is "if absent", keyed on natural keys (fiscal code, e-mail, period), and the history is loaded once, so a
 * second run changes nothing.
 */
export async function seedDemo(ds: DataSource, deps: DemoServicesDeps): Promise<SeedReport> {
  const base = await seedBase(ds);
  return { ...base, services: await seedDemoServices(ds, deps, demoCapofila()) };
}

/** Enti, population, memberships, suppliers and demo users only (what the demo history needs). */
export async function seedBase(ds: DataSource): Promise<Omit<SeedReport, 'services'>> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return ds.transaction(async (tx) => {
    const report = { enti: 0, population: 0, memberships: 0, suppliers: 0, users: 0 };
    const ids = new Map<string, string>();
    for (const e of DEMO_ENTI) {
      const [row] = (await tx.query(
        `WITH ins AS (
           INSERT INTO enti (name, kind, fiscal_code, pec) VALUES ($1, $2, $3, $4)
           ON CONFLICT (fiscal_code) DO NOTHING RETURNING id)
         SELECT id, true AS inserted FROM ins
         UNION ALL SELECT id, false FROM enti WHERE fiscal_code = $3`,
        [e.name, e.kind, e.fiscalCode, e.pec],
      )) as Array<{ id: string; inserted: boolean }>;
      if (!row) throw new Error(`could not seed ${e.name}`);
      if (row.inserted) report.enti++;
      ids.set(e.name, row.id);
    }
    for (const e of DEMO_ENTI) {
      const id = ids.get(e.name) as string;
      if (e.capofila) {
        await tx.query(`UPDATE enti SET capofila_id = $2, capofila_pays = $3 WHERE id = $1 AND capofila_id IS NULL`, [
          id,
          ids.get(e.capofila),
          e.capofilaPays ?? false,
        ]);
        // The dated history of the relation starts with the Ente's first convention on file.
        await tx.query(
          `INSERT INTO ente_capofila_periods (ente_id, capofila_id, capofila_pays, valid_from)
           SELECT e.id, e.capofila_id, e.capofila_pays, c.starts_on FROM enti e, convention_periods c
            WHERE e.id = $1 AND c.code = $2 AND NOT EXISTS (SELECT 1 FROM ente_capofila_periods p WHERE p.ente_id = e.id)`,
          [id, e.memberships[0] ?? '2021-2025'],
        );
      }
      report.population += await seedPopulation(tx, id, e);
      for (const period of e.memberships) {
        const s = signingFor(e, period);
        const quota = period === '2021-2025' && e.recordedQuota2021 !== undefined ? e.recordedQuota2021.toFixed(2) : null;
        const inserted = (await tx.query(
          `INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer, recorded_quota)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (ente_id, period_code) DO NOTHING RETURNING 1`,
          [id, period, s.signedOn, s.resolutionNumber, s.resolutionDate, s.signer, quota],
        )) as unknown[];
        report.memberships += inserted.length;
      }
    }
    const supplierIds = new Map<string, string>();
    for (const s of DEMO_SUPPLIERS) {
      const inserted = (await tx.query(
        `INSERT INTO suppliers (name, vat_number, email, phone) VALUES ($1, $2, $3, $4)
         ON CONFLICT ((lower(name))) DO NOTHING RETURNING id`,
        [s.name, s.vatNumber, s.email, s.phone],
      )) as unknown[];
      report.suppliers += inserted.length;
      const [row] = (await tx.query(`SELECT id FROM suppliers WHERE lower(name) = lower($1)`, [s.name])) as Array<{ id: string }>;
      if (row) supplierIds.set(s.name, row.id);
    }
    for (const u of demoUsers()) {
      const inserted = (await tx.query(
        `INSERT INTO users (email, name, role, password_hash, supplier_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (email) DO NOTHING RETURNING id`,
        [u.email, u.name, u.role, passwordHash, u.supplier ? supplierIds.get(u.supplier) : null],
      )) as Array<{ id: string }>;
      const created = inserted[0];
      if (!created) continue;
      report.users++;
      if (secondFactorRequired(u.role)) {
        await tx.query(`INSERT INTO user_totp (user_id, secret, confirmed_at) VALUES ($1, $2, now())`, [created.id, DEMO_TOTP_SECRET]);
      }
      if (u.ente) {
        await tx.query(`INSERT INTO user_enti (user_id, ente_id) VALUES ($1, $2)`, [created.id, ids.get(u.ente)]);
      }
    }
    return report;
  });
}

async function seedPopulation(tx: EntityManager, id: string, e: DemoEnte): Promise<number> {
  // 2025 comes from the data; the other years drift by up to ±1 % a year, so every year the demo prices has its own
  // figures (the rules read 31/12 of the year before and refuse a missing year): 2020 for the 2021 quotas, 2026
  // standing in for the count ISTAT will publish, for the 2027 renewals and quotas the demo previews.
  const drift = 1 + (unit(`${e.name}/drift`) - 0.5) / 50;
  const years = [2020, 2021, 2022, 2023, 2024, 2025, 2026];
  const scale = (n: number, year: number) => Math.round(n * drift ** (year - 2025));
  const rows = (await tx.query(
    `INSERT INTO ente_population (ente_id, as_of_year, residents, businesses)
     SELECT $1, y, r, b FROM unnest($2::int[], $3::int[], $4::int[]) AS u(y, r, b)
     ON CONFLICT (ente_id, as_of_year) DO NOTHING RETURNING 1`,
    [id, years, years.map((y) => scale(e.residents, y)), years.map((y) => scale(e.businesses, y))],
  )) as unknown[];
  return rows.length;
}
