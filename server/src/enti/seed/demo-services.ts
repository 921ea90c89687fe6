import { deflateSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { CreateTicketSchema, RequestFormDraftSchema, type ServiceCode } from '@cit/shared';
import type { CalendarSource } from '../../support-calendar/calendar-source';
import { ApprovalService } from '../../approvals/approvals.service';
import type { AuthContext } from '../../auth/context';
import { User } from '../../auth/user.entity';
import { renewAnnualServices, type RenewalReport } from '../../service-records/renewals';
import { applyApprovedTicket } from '../../service-requests/apply';
import { formDocument } from '../../service-requests/request-form/form-document';
import { renderRequestForm } from '../../service-requests/request-form/pdf';
import { ScopedDb } from '../../tenancy/scoped-db';
import { scopeFor } from '../../tenancy/scope';
import type { AttachmentStore } from '../../tickets/attachments/storage';
import { sniffAttachment } from '../../tickets/attachments/sniff';
import type { CheckedAttachment } from '../../tickets/attachments/upload';
import { Ticket } from '../../tickets/ticket.entity';
import { TicketService } from '../../tickets/tickets.service';
import { Ente } from '../ente.entity';
import { DEMO_ENTI } from './enti-data';

/** The first request of the history: when Coccaglio already has it, the history is there and nothing is loaded. */
export const DEMO_HISTORY_MARKER = 'Attivazione caselle PEC per gli uffici comunali';

export interface DemoServicesReport {
  /** Requests created (each one with its form), applied, and left open for the demo of approval and assistance. */
  requests: number;
  applied: number;
  open: number;
  renewals: RenewalReport[];
}

type Requester = 'referent' | 'capofila' | 'operator';

interface DemoRequest {
  ente: string;
  /** Day of the request (the form's upload date, hence the record's request date), Europe/Rome. */
  on: string;
  by: Requester;
  serviceCode: ServiceCode;
  variant?: string;
  quantity: number;
  unitLabels?: string[];
  title: string;
  description: string;
  signatory: { name: string; role: string };
}

const COCCAGLIO = 'Comune di Coccaglio';
/** Signed 2021-2025 but not 2026-2030: its annual services end on 31 December 2025. */
const LEAVING = 'Comune di Gussago';
const LARGE = 'Comune di Brescia';

const SINDACO = { name: 'Alberto Facchetti', role: 'Sindaco' };

/** The largest member Comune of the Unione whose services the Unione pays (capofila_pays). */
function paidMemberOf(unione: string): string {
  const members = DEMO_ENTI.filter((e) => e.capofila === unione && e.capofilaPays && e.memberships.length === 2);
  const largest = members.sort((a, b) => b.residents - a.residents)[0];
  if (!largest) throw new Error(`demo Unione without paid members: ${unione}`);
  return largest.name;
}

/** The past requests, in date order, all under the 2021-2025 price list. */
function history(unione: string, member: string): DemoRequest[] {
  const town = member.replace('Comune di ', '');
  return [
    {
      ente: COCCAGLIO, on: '2023-02-14', by: 'referent', serviceCode: 'pec', quantity: 3,
      unitLabels: ['protocollo@pec.comune.coccaglio.bs.it', 'ragioneria@pec.comune.coccaglio.bs.it', 'tributi@pec.comune.coccaglio.bs.it'],
      title: DEMO_HISTORY_MARKER, description: 'Tre caselle PEC per protocollo, ragioneria e tributi.', signatory: SINDACO,
    },
    {
      ente: COCCAGLIO, on: '2023-05-09', by: 'referent', serviceCode: 'firma_digitale', quantity: 2,
      unitLabels: ['Sindaco', 'Responsabile area finanziaria'],
      title: 'Kit di firma digitale per Sindaco e ragioneria', description: 'Due kit di firma digitale remota.', signatory: SINDACO,
    },
    {
      ente: unione, on: '2023-09-18', by: 'capofila', serviceCode: 'pec', quantity: 2,
      unitLabels: ['segreteria@pec.unione.altavallecamonica.bs.it', 'polizialocale@pec.unione.altavallecamonica.bs.it'],
      title: "Caselle PEC per segreteria e polizia locale dell'Unione", description: 'Due caselle PEC per gli uffici associati.',
      signatory: { name: 'Sergio Rizzi', role: "Presidente dell'Unione" },
    },
    {
      ente: member, on: '2024-03-05', by: 'capofila', serviceCode: 'wifi', quantity: 3,
      unitLabels: ['Biblioteca civica', 'Sala consiliare', 'Piazza del municipio'],
      title: `Access point Wi-Fi pubblico a ${town}`, description: 'Tre access point per la rete Wi-Fi pubblica.',
      signatory: { name: 'Ivan Faustinelli', role: 'Sindaco' },
    },
    {
      ente: LEAVING, on: '2024-04-22', by: 'operator', serviceCode: 'pec', quantity: 4,
      unitLabels: ['protocollo@pec.comune.gussago.bs.it', 'suap@pec.comune.gussago.bs.it', 'anagrafe@pec.comune.gussago.bs.it', 'lavoripubblici@pec.comune.gussago.bs.it'],
      title: 'Caselle PEC per gli uffici di Gussago', description: 'Richiesta pervenuta per telefono e PEC, inserita dall’operatore CIT.',
      signatory: { name: 'Giovanni Coccoli', role: 'Sindaco' },
    },
    {
      ente: LARGE, on: '2024-06-11', by: 'operator', serviceCode: 'firma_digitale', quantity: 6,
      title: 'Kit di firma digitale per i dirigenti', description: 'Sei kit di firma digitale per i dirigenti di settore.',
      signatory: { name: 'Maria Rossi', role: 'Segretario generale' },
    },
    {
      ente: COCCAGLIO, on: '2024-10-02', by: 'referent', serviceCode: 'pec', quantity: 2,
      unitLabels: ['suap@pec.comune.coccaglio.bs.it', 'polizialocale@pec.comune.coccaglio.bs.it'],
      title: 'Due caselle PEC per SUAP e polizia locale', description: 'Caselle aggiuntive per SUAP e polizia locale.', signatory: SINDACO,
    },
    {
      ente: member, on: '2025-01-20', by: 'capofila', serviceCode: 'pec', quantity: 1,
      unitLabels: [`protocollo@pec.comune.${town.toLowerCase().replace(/[^a-z]/g, '')}.bs.it`],
      title: `Casella PEC del protocollo di ${town}`, description: 'Una casella PEC per il protocollo.',
      signatory: { name: 'Ivan Faustinelli', role: 'Sindaco' },
    },
    {
      ente: LARGE, on: '2025-02-17', by: 'operator', serviceCode: 'pec', quantity: 5,
      unitLabels: ['urp@pec.comune.brescia.it', 'tributi@pec.comune.brescia.it', 'suap@pec.comune.brescia.it', 'personale@pec.comune.brescia.it', 'gare@pec.comune.brescia.it'],
      title: 'Caselle PEC per cinque settori', description: 'Cinque caselle PEC di settore.', signatory: { name: 'Maria Rossi', role: 'Segretario generale' },
    },
    {
      ente: COCCAGLIO, on: '2025-03-12', by: 'referent', serviceCode: 'pagopa', variant: 'partner', quantity: 1,
      title: 'Adesione a pagoPA tramite partner tecnologico', description: 'Attivazione di pagoPA tramite il partner tecnologico del CIT.', signatory: SINDACO,
    },
    {
      ente: LEAVING, on: '2025-04-08', by: 'operator', serviceCode: 'pagopa', variant: 'partner', quantity: 1,
      title: 'pagoPA tramite partner per Gussago', description: 'Attivazione di pagoPA tramite partner tecnologico.',
      signatory: { name: 'Giovanni Coccoli', role: 'Sindaco' },
    },
  ];
}

/** A 2×2 grey PNG, the scanned identity document that goes with a hand-signed form. */
export function identityDocumentPng(): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(0, 9); // greyscale
  const pixels = Buffer.from([0, 0x80, 0xc0, 0, 0xc0, 0x80]); // two rows, filter byte + two pixels each
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(pixels)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

function attachment(name: string, bytes: Uint8Array): CheckedAttachment {
  const sniff = sniffAttachment(bytes);
  if (!sniff) throw new Error(`demo attachment ${name} not recognised`);
  return { originalName: name, fileName: name, content: bytes, sniff };
}

/** 10:00 in Rome on that day (09:00 UTC in winter, 08:00 in summer: either way the same Rome date). */
const morning = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T09:00:00Z`) + plusDays * 86_400_000);

/**
 * The demo service history: requests of 2023-2025 made, approved and applied through the product's own services
 * with the clock of their day (hand-signed form from the product's PDF plus an identity document), the 1 January
 * renewals of 2024, 2025 and 2026, and two requests still open in 2026. Loaded once: skipped when the marker exists.
 */
export interface DemoServicesDeps {
  store: AttachmentStore;
  calendar: CalendarSource;
}

/** `unione`: the demo capofila (`demoCapofila()`), whose referent files the Unione's requests. */
export async function seedDemoServices(ds: DataSource, deps: DemoServicesDeps, unione: string): Promise<DemoServicesReport> {
  const report: DemoServicesReport = { requests: 0, applied: 0, open: 0, renewals: [] };
  const enti = new Map((await ds.getRepository(Ente).find({ select: { id: true, name: true } })).map((e) => [e.name, e.id]));
  const coccaglio = enti.get(COCCAGLIO);
  if (!coccaglio) return report;
  if (await ds.getRepository(Ticket).exists({ where: { enteId: coccaglio, title: DEMO_HISTORY_MARKER } })) return report;

  const authOf = async (email: string): Promise<AuthContext> => {
    const u = await ds.getRepository(User).findOneByOrFail({ email });
    const scope = await scopeFor(ds, u);
    return { user: { id: u.id, email: u.email, name: u.name, role: u.role, language: u.language, supplierId: u.supplierId }, scope, db: new ScopedDb(ds, scope) };
  };
  const people: Record<Requester, AuthContext> = {
    referent: await authOf('referente.coccaglio@enti.example'),
    capofila: await authOf('referente.unione@enti.example'),
    operator: await authOf('operatore@cit.example'),
  };
  const approver = await authOf('amministrazione@cit.example');

  let clock = new Date();
  const tickets = new TicketService({ ds, store: deps.store, calendar: deps.calendar, now: () => clock });
  const approvals = new ApprovalService(ds, tickets, () => clock);
  const idDocument = attachment('documento-identita.png', identityDocumentPng());

  /** The activation as a referent sends it: the form generated for the draft, signed by hand, and the ID. */
  const request = async (r: DemoRequest): Promise<string> => {
    const enteId = enti.get(r.ente);
    if (!enteId) throw new Error(`demo Ente missing: ${r.ente}`);
    clock = morning(r.on);
    const auth = people[r.by];
    const draft = RequestFormDraftSchema.parse({
      category: 'activation', serviceCode: r.serviceCode, variant: r.variant, enteId, quantity: r.quantity,
      unitLabels: r.unitLabels ?? [], signatoryName: r.signatory.name, signatoryRole: r.signatory.role,
    });
    const pdf = await renderRequestForm(await formDocument(ds, auth, draft, clock));
    const input = CreateTicketSchema.parse({
      type: 'request', category: 'activation', serviceCode: r.serviceCode, variant: r.variant, urgency: 'medium',
      title: r.title, description: r.description, enteId, quantity: r.quantity, unitLabels: r.unitLabels ?? [],
    });
    const id = await tickets.create(auth, input, [attachment(`modulo-richiesta-${r.serviceCode}-firmato.pdf`, new Uint8Array(pdf)), idDocument]);
    report.requests++;
    return id;
  };

  const renewalsBefore = (year: number) => [2024, 2025, 2026].filter((y) => y <= year && !report.renewals.some((done) => done.year === y));
  const member = paidMemberOf(unione);
  for (const r of history(unione, member)) {
    // The 1 January runs that fell before this request, as the product would have run them.
    for (const y of renewalsBefore(Number(r.on.slice(0, 4)))) report.renewals.push(await renewAnnualServices(ds, y, morning(`${y}-01-01`)));
    const id = await request(r);
    clock = morning(r.on, 1);
    await approvals.decide(approver, id, { decision: 'approve' });
    clock = morning(r.on, 1);
    if ((await applyApprovedTicket(ds, tickets, id, clock)) !== 'applied') throw new Error(`demo request not applied: ${r.title}`);
    report.applied++;
  }
  for (const y of renewalsBefore(2026)) report.renewals.push(await renewAnnualServices(ds, y, morning(`${y}-01-01`)));

  // Still open in 2026 (2026-2030 list): an activation waiting for the approver, a fault waiting for the operator.
  await request({
    ente: COCCAGLIO, on: '2026-11-24', by: 'referent', serviceCode: 'pec', quantity: 1,
    unitLabels: ['servizisociali@pec.comune.coccaglio.bs.it'],
    title: 'Casella PEC per i servizi sociali', description: 'Una casella PEC per i servizi sociali.', signatory: SINDACO,
  });
  report.open++;
  const memberId = enti.get(member);
  clock = morning('2026-11-26');
  await tickets.create(
    people.capofila,
    CreateTicketSchema.parse({
      type: 'incident', category: 'assistance', urgency: 'high', enteId: memberId,
      title: 'Access point della biblioteca non raggiungibile',
      description: 'Da questa mattina l’access point della Biblioteca civica non distribuisce la rete Wi-Fi pubblica.',
    }),
    [],
  );
  report.requests++;
  report.open++;
  return report;
}
