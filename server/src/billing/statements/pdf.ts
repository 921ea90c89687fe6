import type PDFKit from 'pdfkit';
import { CATALOG, formatEuro, type ServiceCode, type SiteInfo, type StatementBalance } from '@cit/shared';
import { halfLabel, italianDate, KIND_LABELS, periodLabel, type StatementPeriod } from './format';

export const HEADING = 'Provincia di Brescia – CIT Centro Innovazione e Tecnologie';

export interface StatementPayer {
  id: string;
  name: string;
  fiscalCode: string;
  pec: string | null;
}

export interface StatementLine {
  enteId: string;
  enteName: string;
  enteFiscalCode: string;
  kind: string;
  serviceCode: string | null;
  description: string;
  amountCents: number;
  /** When this line falls due (the ledger's rules, Convenzione art. 13). */
  dueOn: string;
  /** Capitolo di bilancio and accertamento, when the CIT accounting has set them. */
  budgetChapter: string | null;
  assessmentNumber: string | null;
  assessmentDate: string | null;
  /** Residuo: what is still to collect of this line. */
  outstandingCents: number;
}

/** «Accertamento n. 1003/2015 del 05/08/2015 – capitolo 3100936 - SERVIZI INFORMATICI»; empty when neither is set. */
export function accountingText(line: Pick<StatementLine, 'budgetChapter' | 'assessmentNumber' | 'assessmentDate'>): string {
  const parts: string[] = [];
  if (line.assessmentNumber && line.assessmentDate) {
    parts.push(`Accertamento n. ${line.assessmentNumber} del ${line.assessmentDate.split('-').reverse().join('/')}`);
  }
  if (line.budgetChapter) parts.push(`capitolo ${line.budgetChapter}`);
  const text = parts.join(' – ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** How to pay, as the CIT configured it; the pagoPA notice code is the statement's own, when the CIT issued one. */
export interface PaymentInstructions {
  beneficiary: string;
  /** Conto di Tesoreria Unica for transfers between public bodies (girofondi). */
  treasuryAccount: string | null;
  iban: string | null;
  notes: string;
  pagopaNoticeCode: string | null;
}

export interface StatementDocument {
  payer: StatementPayer;
  period: StatementPeriod;
  dueOn: string;
  /** Unique per year, kept when the statement is rendered again; then `version` grows. */
  number: number;
  version: number;
  balance: StatementBalance;
  payment: PaymentInstructions;
  contacts: SiteInfo['contacts'];
  /** Ordered: the payer's own lines first, then each member Ente's, each group contiguous. */
  lines: readonly StatementLine[];
  consolidated: boolean;
  totalCents: number;
  /** When the statement was produced: the PDF's creation date. */
  generatedAt: Date;
}

export function serviceName(code: string | null): string {
  if (!code) return '—';
  return code in CATALOG ? CATALOG[code as ServiceCode].name : code;
}

// A4 in points with 50 pt margins; the table columns add up to the 495 pt text width.
const MARGIN = 50;
const WIDTH = 495;
const COLS = {
  description: { x: 50, w: 190 },
  service: { x: 245, w: 85 },
  kind: { x: 335, w: 70 },
  due: { x: 410, w: 60 },
  amount: { x: 470, w: 75 },
} as const;
/** The last 30 pt above the margin hold the footer (contacts, page number). */
const BOTTOM = 841.89 - MARGIN - 30;
const BLUE = '#0066cc';
const GREY = '#555555';

/**
 * Renders one statement. Standard PDF fonts only (Helvetica, WinAnsi covers €, ° and the accented letters):
 * nothing is embedded, so a statement is a few KB and rendering costs about a millisecond.
 */
export function renderStatementPdf(s: StatementDocument): Promise<Buffer> {
  // Loaded on first use: pdfkit and its font tables weigh about 12 MB, and only the statements job renders.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof PDFKit;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Estratto conto ${halfLabel(s.period)} – ${s.payer.name}`,
      Author: 'Provincia di Brescia – CIT',
      Subject: `Estratto conto semestrale, periodo ${periodLabel(s.period)}`,
      CreationDate: s.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  logo(doc);
  doc.font('Helvetica-Bold').fontSize(13).fillColor('black').text(HEADING, MARGIN + 48, MARGIN + 4, { width: WIDTH - 48 });
  doc.font('Helvetica').fontSize(8).fillColor(GREY).text(`${s.contacts.address} · ${s.contacts.email} · tel. ${s.contacts.phone}`, MARGIN + 48, doc.y, { width: WIDTH - 48 });
  doc.fillColor('black');
  doc.y = Math.max(doc.y, MARGIN + 40);
  doc
    .moveDown(1.2)
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(`Estratto conto semestrale n. ${s.number}/${s.period.year} – ${halfLabel(s.period)}`, MARGIN, doc.y, { width: WIDTH });
  doc.font('Helvetica').fontSize(9).fillColor(GREY).text(`Versione ${s.version} del ${italianDate(isoDay(s.generatedAt))}`, { width: WIDTH }).fillColor('black');
  doc.moveDown(0.6).font('Helvetica').fontSize(10);
  field(doc, 'Ente', s.payer.name);
  field(doc, 'Codice fiscale / P.IVA', s.payer.fiscalCode);
  field(doc, 'PEC', s.payer.pec ?? '—');
  field(doc, 'Periodo', periodLabel(s.period));
  if (s.consolidated) {
    doc
      .moveDown(0.5)
      .fontSize(9)
      .fillColor(GREY)
      .text(`Estratto consolidato: comprende gli addebiti degli Enti associati per i quali ${s.payer.name} provvede al pagamento.`, { width: WIDTH })
      .fillColor('black');
  }
  doc.moveDown(1);

  tableHeader(doc);
  let group: StatementLine | undefined;
  let groupTotal = 0;
  const closeGroup = () => {
    if (s.consolidated && group !== undefined) row(doc, [`Totale ${group.enteName}`, '', '', '', formatEuro(groupTotal)], true);
  };
  for (const line of s.lines) {
    if (s.consolidated && line.enteId !== group?.enteId) {
      closeGroup();
      group = line;
      groupTotal = 0;
      ensureSpace(doc, 34);
      doc.moveDown(0.4).font('Helvetica-Bold').fontSize(10).text(line.enteName, COLS.description.x, doc.y, { width: WIDTH });
      doc.moveDown(0.2);
    }
    groupTotal += line.amountCents;
    const accounting = accountingText(line);
    row(
      doc,
      [
        accounting ? `${line.description}\n${accounting}` : line.description,
        serviceName(line.serviceCode),
        KIND_LABELS[line.kind] ?? line.kind,
        shortDate(line.dueOn),
        formatEuro(line.amountCents),
      ],
      false,
    );
  }
  closeGroup();

  const quotaCents = s.lines.filter((l) => l.kind === 'quota').reduce((sum, l) => sum + l.amountCents, 0);
  ensureSpace(doc, 150);
  doc.moveDown(0.6);
  rule(doc);
  doc.moveDown(0.4);
  total(doc, 'Saldo dai semestri precedenti', formatEuro(s.balance.carriedCents), false);
  if (quotaCents > 0) {
    total(doc, 'Servizi del semestre', formatEuro(s.totalCents - quotaCents), false);
    total(doc, 'Quota annuale di adesione', formatEuro(quotaCents), false);
  } else {
    total(doc, 'Addebiti del semestre', formatEuro(s.totalCents), false);
  }
  // An en dash: the minus sign (U+2212) is not in the standard fonts' WinAnsi encoding.
  total(doc, 'Pagamenti ricevuti nel semestre', `– ${formatEuro(s.balance.paymentsCents)}`, false);
  total(doc, 'Totale da pagare', formatEuro(s.balance.outstandingCents), true);
  doc.moveDown(0.4);
  total(doc, 'Scadenza del pagamento', italianDate(s.dueOn), true);

  paymentSection(doc, s);
  pageFooters(doc, s);
  doc.end();
  return done;
}

/** The CIT's mark, as on the portal (favicon.svg): a blue square with "CIT" in white. */
function logo(doc: Doc): void {
  doc.roundedRect(MARGIN, MARGIN, 38, 38, 7).fill(BLUE);
  doc.font('Helvetica-Bold').fontSize(13).fillColor('white').text('CIT', MARGIN, MARGIN + 13, { width: 38, align: 'center' });
  doc.fillColor('black');
}

function paymentSection(doc: Doc, s: StatementDocument): void {
  const p = s.payment;
  ensureSpace(doc, 110);
  doc.moveDown(1.2).font('Helvetica-Bold').fontSize(10).text('Come pagare', MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3).font('Helvetica').fontSize(9);
  const reason = `CIT estratto conto n. ${s.number}/${s.period.year} – ${s.payer.fiscalCode}`;
  const ways: string[] = [];
  if (p.treasuryAccount) ways.push(`Giroconto tra enti pubblici sul conto di Tesoreria Unica n. ${p.treasuryAccount} intestato a ${p.beneficiary}.`);
  if (p.iban) ways.push(`Bonifico a ${p.beneficiary}, IBAN ${formatIban(p.iban)}.`);
  if (p.pagopaNoticeCode) ways.push(`pagoPA: codice avviso ${p.pagopaNoticeCode} (sportelli, home banking, app IO).`);
  if (ways.length === 0) ways.push(`Pagamento a favore di ${p.beneficiary}: per le coordinate di pagamento contattare il CIT (${s.contacts.email}).`);
  for (const w of ways) doc.text(`• ${w}`, MARGIN, doc.y, { width: WIDTH });
  doc.moveDown(0.3).text(`Causale: «${reason}». Importi esenti IVA (trasferimenti tra enti pubblici).`, MARGIN, doc.y, { width: WIDTH });
  if (p.notes) doc.moveDown(0.3).text(p.notes, MARGIN, doc.y, { width: WIDTH });
  doc
    .moveDown(0.3)
    .fillColor(GREY)
    .text(`Per chiarimenti: ${s.contacts.office}, ${s.contacts.email}, tel. ${s.contacts.phone}, oppure un ticket di assistenza sul portale CIT.`, MARGIN, doc.y, {
      width: WIDTH,
    })
    .fillColor('black');
}

/** Every page: who sent it and "Pagina n di m", written once all pages exist (bufferPages). */
function pageFooters(doc: Doc, s: StatementDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = 841.89 - MARGIN - 12;
    doc.font('Helvetica').fontSize(8).fillColor(GREY);
    doc.text(`${HEADING} – estratto conto n. ${s.number}/${s.period.year}`, MARGIN, y, { width: WIDTH - 80, lineBreak: false });
    doc.text(`Pagina ${i - range.start + 1} di ${range.count}`, MARGIN + WIDTH - 80, y, { width: 80, align: 'right', lineBreak: false });
    doc.fillColor('black');
  }
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** "31/03/2026": the due date column is narrow. */
const shortDate = (iso: string) => iso.split('-').reverse().join('/');
/** "IT60 X054 2811 1010 0000 0123 456": IBANs are read in groups of four. */
const formatIban = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

type Doc = InstanceType<typeof PDFKit>;

function field(doc: Doc, label: string, value: string): void {
  doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > BOTTOM) {
    doc.addPage();
    tableHeader(doc);
  }
}

function rule(doc: Doc): void {
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + WIDTH, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
}

function tableHeader(doc: Doc): void {
  doc.font('Helvetica-Bold').fontSize(9);
  const y = doc.y;
  doc.text('Descrizione', COLS.description.x, y, { width: COLS.description.w });
  doc.text('Servizio', COLS.service.x, y, { width: COLS.service.w });
  doc.text('Tipo', COLS.kind.x, y, { width: COLS.kind.w });
  doc.text('Scadenza', COLS.due.x, y, { width: COLS.due.w });
  doc.text('Importo', COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
  doc.y = y + 13;
  rule(doc);
  doc.y += 4;
}

function row(doc: Doc, cells: [string, string, string, string, string], bold: boolean): void {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  const height = Math.max(doc.heightOfString(cells[0], { width: COLS.description.w }), doc.heightOfString(cells[1], { width: COLS.service.w }));
  ensureSpace(doc, height + 4);
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  const y = doc.y;
  doc.text(cells[0], COLS.description.x, y, { width: COLS.description.w });
  doc.text(cells[1], COLS.service.x, y, { width: COLS.service.w });
  doc.text(cells[2], COLS.kind.x, y, { width: COLS.kind.w });
  doc.text(cells[3], COLS.due.x, y, { width: COLS.due.w });
  doc.text(cells[4], COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
  doc.y = y + height + 4;
}

function total(doc: Doc, label: string, value: string, bold: boolean): void {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
  const y = doc.y;
  doc.text(label, 250, y, { width: 190 });
  doc.text(value, COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
  doc.y = y + 15;
}
