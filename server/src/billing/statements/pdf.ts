import type PDFKit from 'pdfkit';
import { CATALOG, formatEuro, type ServiceCode } from '@cit/shared';
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

export interface StatementDocument {
  payer: StatementPayer;
  period: StatementPeriod;
  dueOn: string;
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
const COLS = { description: { x: 50, w: 215 }, service: { x: 270, w: 95 }, kind: { x: 370, w: 80 }, amount: { x: 450, w: 95 } } as const;
const BOTTOM = 841.89 - MARGIN;
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

  doc.font('Helvetica-Bold').fontSize(13).text(HEADING, { width: WIDTH });
  doc.moveDown(1.2).font('Helvetica-Bold').fontSize(12).text(`Estratto conto semestrale – ${halfLabel(s.period)}`, { width: WIDTH });
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
    if (s.consolidated && group !== undefined) row(doc, [`Totale ${group.enteName}`, '', '', formatEuro(groupTotal)], true);
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
    row(doc, [accounting ? `${line.description}\n${accounting}` : line.description, serviceName(line.serviceCode), KIND_LABELS[line.kind] ?? line.kind, formatEuro(line.amountCents)], false);
  }
  closeGroup();

  const quotaCents = s.lines.filter((l) => l.kind === 'quota').reduce((sum, l) => sum + l.amountCents, 0);
  ensureSpace(doc, 80);
  doc.moveDown(0.6);
  rule(doc);
  doc.moveDown(0.4);
  if (quotaCents > 0) {
    total(doc, 'Servizi del semestre', formatEuro(s.totalCents - quotaCents), false);
    total(doc, 'Quota annuale di adesione', formatEuro(quotaCents), false);
  }
  total(doc, 'Totale da pagare', formatEuro(s.totalCents), true);
  doc.moveDown(0.4);
  total(doc, 'Scadenza del pagamento', italianDate(s.dueOn), true);

  ensureSpace(doc, 60);
  doc
    .moveDown(1.2)
    .font('Helvetica')
    .fontSize(9)
    .text(
      `Il pagamento va effettuato entro la scadenza a favore della Provincia di Brescia, ` +
        `indicando nella causale «CIT estratto conto ${halfLabel(s.period)} – ${s.payer.fiscalCode}». ` +
        'Importi esenti IVA (trasferimenti tra enti pubblici). Per chiarimenti aprire un ticket di assistenza sul portale CIT.',
      MARGIN,
      doc.y,
      { width: WIDTH },
    );
  doc.end();
  return done;
}

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
  doc.text('Importo', COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
  doc.y = y + 13;
  rule(doc);
  doc.y += 4;
}

function row(doc: Doc, cells: [string, string, string, string], bold: boolean): void {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  const height = Math.max(doc.heightOfString(cells[0], { width: COLS.description.w }), doc.heightOfString(cells[1], { width: COLS.service.w }));
  ensureSpace(doc, height + 4);
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
  const y = doc.y;
  doc.text(cells[0], COLS.description.x, y, { width: COLS.description.w });
  doc.text(cells[1], COLS.service.x, y, { width: COLS.service.w });
  doc.text(cells[2], COLS.kind.x, y, { width: COLS.kind.w });
  doc.text(cells[3], COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
  doc.y = y + height + 4;
}

function total(doc: Doc, label: string, value: string, bold: boolean): void {
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
  const y = doc.y;
  doc.text(label, 250, y, { width: 190 });
  doc.text(value, COLS.amount.x, y, { width: COLS.amount.w, align: 'right' });
  doc.y = y + 15;
}
