import type { DataSource } from 'typeorm';
import { numericFiscalCodeCheckDigit, type EnteKind, type Role } from '@cit/shared';
import { hashPassword } from '../src/auth/password';
import { insertServiceRecord } from '../src/service-records/service-records.repository';
import { secondFactorRequired } from '../src/auth/second-factor/second-factor.service';
import { DEMO_TOTP_SECRET } from '../src/enti/seed/demo-users';

export const PASSWORD = 'Password-di-prova-1';

let fiscalSeq = 0;
function fiscalCode(): string {
  const firstTen = `80${String(10_000_000 + fiscalSeq++).slice(-8)}`;
  return firstTen + String(numericFiscalCodeCheckDigit(firstTen));
}

export async function createEnte(
  ds: DataSource,
  name: string,
  kind: EnteKind = 'comune',
  capofilaId: string | null = null,
): Promise<string> {
  const [row] = (await ds.query(
    `INSERT INTO enti (name, kind, fiscal_code, pec, capofila_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [name, kind, fiscalCode(), `protocollo@pec.${name.toLowerCase().replace(/[^a-z]/g, '')}.example`, capofilaId],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('insert failed');
  // Figures for every year the tests price (rules read 31/12 of the year before exactly, with no fallback).
  await ds.query(
    `INSERT INTO ente_population (ente_id, as_of_year, residents, businesses) SELECT $1, y, 3000, 250 FROM generate_series(2019, 2030) AS y`,
    [row.id],
  );
  await ds.query(
    `INSERT INTO memberships (ente_id, period_code, signed_on, resolution_number, resolution_date, signer)
     VALUES ($1, '2026-2030', '2025-12-10', 'Delibera C.C. n. 7', '2025-12-01', 'Sindaco pro tempore')`,
    [row.id],
  );
  return row.id;
}

let passwordHash: Promise<string> | undefined;

export async function createUser(
  ds: DataSource,
  email: string,
  role: Role,
  links: { enti?: string[]; supplierId?: string } = {},
): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  const [row] = (await ds.query(
    `INSERT INTO users (email, name, role, password_hash, supplier_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [email, email.split('@')[0], role, await passwordHash, links.supplierId ?? null],
  )) as Array<{ id: string }>;
  if (!row) throw new Error('insert failed');
  // Roles that must have a second factor get the demo authenticator; the sign-in helpers compute its codes.
  if (secondFactorRequired(role)) {
    await ds.query(`INSERT INTO user_totp (user_id, secret, confirmed_at) VALUES ($1, $2, now())`, [row.id, DEMO_TOTP_SECRET]);
  }
  for (const ente of links.enti ?? []) {
    await ds.query(`INSERT INTO user_enti (user_id, ente_id) VALUES ($1, $2)`, [row.id, ente]);
  }
  return row.id;
}

/** Two unrelated Comuni, an Unione with two members, an outsider, and one user for each role. */
export async function tenantWorld(ds: DataSource) {
  const enteA = await createEnte(ds, 'Comune di Alfa');
  const enteB = await createEnte(ds, 'Comune di Beta');
  const unione = await createEnte(ds, 'Unione dei Comuni Gamma', 'unione_comuni');
  const member1 = await createEnte(ds, 'Comune di Gamma Alta', 'comune', unione);
  const member2 = await createEnte(ds, 'Comune di Gamma Bassa', 'comune', unione);
  const [supplier] = (await ds.query(`INSERT INTO suppliers (name) VALUES ('Fornitore PEC di prova') RETURNING id`)) as Array<{ id: string }>;
  const users = {
    userA: await createUser(ds, 'a@alfa.example', 'ente_user', { enti: [enteA] }),
    userB: await createUser(ds, 'b@beta.example', 'ente_user', { enti: [enteB] }),
    capofila: await createUser(ds, 'u@gamma.example', 'capofila_user', { enti: [unione] }),
    member: await createUser(ds, 'm@gamma-alta.example', 'ente_user', { enti: [member1] }),
    operator: await createUser(ds, 'op@cit.example', 'operator'),
    admin: await createUser(ds, 'admin@cit.example', 'admin'),
    supplier: await createUser(ds, 'pec@fornitore.example', 'supplier_user', { supplierId: supplier?.id as string }),
  };
  return { enteA, enteB, unione, member1, member2, users };
}

/** The body of a PEC activation request (send it with `postRequest`, which attaches a signed form). */
export const activationRequest = (over: Record<string, unknown> = {}) => ({
  type: 'request',
  category: 'activation',
  serviceCode: 'pec',
  urgency: 'medium',
  title: 'Attivazione caselle PEC',
  description: 'Richiesta di nuove caselle PEC per gli uffici.',
  ...over,
});

/** A PEC unit held by an Ente, as the worker records a free one: for tests about units held, without an approval. */
export async function insertPecUnit(
  ds: DataSource,
  unit: { enteId: string; requestTicketId: string; unitIndex: number; period?: string; requestDate?: string },
): Promise<string> {
  const id = await insertServiceRecord(ds.manager, {
    enteId: unit.enteId,
    payerEnteId: unit.enteId,
    serviceCode: 'pec',
    variant: null,
    unitIndex: unit.unitIndex,
    unitLabel: `casella${unit.unitIndex}@pec.example`,
    conventionPeriod: unit.period ?? '2026-2030',
    requestTicketId: unit.requestTicketId,
    requestUnit: unit.unitIndex,
    requestDate: unit.requestDate ?? '2026-02-10',
    protocol: '2026/000001',
    referentName: 'Referente',
    referentEmail: 'referente@example.it',
    formAttachmentId: null,
    feeType: 'annual',
    free: true,
    freeReason: 'Compresa nella convenzione',
    annualCents: null,
    supplierId: null,
  });
  if (!id) throw new Error('service record not inserted');
  return id;
}
