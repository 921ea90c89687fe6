import path from 'node:path';
import type PDFKit from 'pdfkit';
import { formatEuro, type Quote } from '@cit/shared';
import { FORM_XMP_NS } from '../signed-form/pdf';

export const FORM_TITLE = 'Modulo di richiesta attivazione/disdetta servizio';
const HEADING = 'Provincia di Brescia – CIT Centro Innovazione e Tecnologie';

/** PDF/A forbids the standard (non-embedded) PDF fonts: Titillium Web (SIL OFL), the typeface of Italian public administration sites. */
const FONTS_DIR = path.resolve(__dirname, '../../../assets/fonts');
const REGULAR = path.join(FONTS_DIR, 'TitilliumWeb-Regular.ttf');
const BOLD = path.join(FONTS_DIR, 'TitilliumWeb-Bold.ttf');

export interface FormEnte {
  name: string;
  fiscalCode: string;
  pec: string | null;
}

export interface RequestFormDocument {
  category: 'activation' | 'cancellation';
  /** Catalog code, written in the XMP identification that the signed-form check reads back. */
  serviceCode: string;
  ente: FormEnte;
  /** The capofila when it pays for its member; null when the Ente pays itself. */
  payer: FormEnte | null;
  serviceName: string;
  variantLabel: string | null;
  /** Activation: quantity and unit labels (mailbox addresses, kit holders). */
  quantity: number;
  unitNoun: { singular: string; plural: string };
  unitLabelName: string | null;
  unitLabels: readonly string[];
  /** Cancellation: the units being ended. */
  records: ReadonlyArray<{ unitIndex: number; unitLabel: string | null; startsOn: string }>;
  /** Activation: the cost preview of the tariff engine. */
  quote: Quote | null;
  signatory: { name: string; role: string };
  protocol: string | null;
  generatedAt: Date;
}

const MARGIN = 56;
const WIDTH = 595.28 - 2 * MARGIN;
const GREY = '#555555';

const italianDate = (d: Date) =>
  new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
const isoToItalian = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/**
 * The pre-filled request form, declared PDF/A-2b (XMP pdfaid, embedded fonts, sRGB output intent by pdfkit) so
 * that, once signed, it passes the signed-form check (`signed-form/check.ts` reads the declaration from XMP).
 */
export function renderRequestForm(f: RequestFormDocument): Promise<Buffer> {
  // Loaded on first use, as the statements do: pdfkit weighs about 12 MB and only this route renders forms.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof PDFKit;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    font: REGULAR,
    lang: 'it-IT',
    displayTitle: true,
    info: { Title: `${FORM_TITLE} – ${f.ente.name}`, Author: HEADING, Subject: f.serviceName, CreationDate: f.generatedAt, ModDate: f.generatedAt },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const section = (title: string) => {
    doc.moveDown(0.8).font('bold').fontSize(12).fillColor('black').text(title, MARGIN, undefined, { width: WIDTH });
    doc.moveTo(MARGIN, doc.y + 1).lineTo(MARGIN + WIDTH, doc.y + 1).lineWidth(0.5).strokeColor(GREY).stroke();
    doc.moveDown(0.3);
  };
  const row = (label: string, value: string) => {
    doc.font('bold').fontSize(10).fillColor('black').text(`${label}: `, MARGIN, undefined, { continued: true, width: WIDTH });
    doc.font('regular').text(value);
  };

  doc.font('regular').fontSize(9).fillColor(GREY).text(HEADING, { width: WIDTH });
  doc.moveDown(0.5).font('bold').fontSize(16).fillColor('black').text(FORM_TITLE, { width: WIDTH });
  doc.font('regular').fontSize(12).text(f.category === 'activation' ? 'Richiesta di attivazione' : 'Richiesta di disdetta', { width: WIDTH });
  doc.moveDown(0.3).fontSize(10);
  row('Protocollo', f.protocol ?? "assegnato all'invio della richiesta sulla piattaforma");

  section('Ente richiedente');
  row('Denominazione', f.ente.name);
  row('Codice fiscale', f.ente.fiscalCode);
  if (f.ente.pec) row('PEC', f.ente.pec);

  section('Servizio');
  row('Servizio', f.serviceName);
  if (f.variantLabel) row('Modalità', f.variantLabel);
  if (f.category === 'activation') {
    row('Quantità', `${f.quantity} ${f.quantity === 1 ? f.unitNoun.singular : f.unitNoun.plural}`);
    f.unitLabels.forEach((label, i) => row(`${f.unitLabelName ?? 'Unità'} n. ${i + 1}`, label));
  } else {
    doc.font('bold').fontSize(10).text('Servizi da disdire:', MARGIN, undefined, { width: WIDTH });
    for (const r of f.records) {
      const label = r.unitLabel ? ` – ${r.unitLabel}` : '';
      doc.font('regular').text(`• ${f.serviceName} n. ${r.unitIndex}${label} (attivo dal ${isoToItalian(r.startsOn)})`, MARGIN + 10, undefined, { width: WIDTH - 10 });
    }
  }

  section('Ente pagatore');
  doc.font('regular').fontSize(10).text(
    f.payer ? `${f.payer.name} (codice fiscale ${f.payer.fiscalCode}), capofila che paga per l'Ente richiedente` : "L'Ente richiedente",
    MARGIN,
    undefined,
    { width: WIDTH },
  );

  if (f.quote) {
    section(`Anteprima dei costi (listino ${f.quote.priceList})`);
    doc.font('regular').fontSize(10).text(f.quote.summary, MARGIN, undefined, { width: WIDTH });
    for (const line of f.quote.lines) doc.text(`• ${line.description}: ${formatEuro(line.amountCents)}`, MARGIN + 10, undefined, { width: WIDTH - 10 });
    doc.font('bold').text(`Totale nell'anno della richiesta: ${formatEuro(f.quote.totalCents)}`, MARGIN, undefined, { width: WIDTH });
    doc.font('regular').fontSize(9).fillColor(GREY).text('Anteprima calcolata sul listino e sulla convenzione in vigore; gli addebiti definitivi sono generati all\'approvazione.', { width: WIDTH });
  }

  section('Dichiarazione');
  const verb = f.category === 'activation' ? "l'attivazione" : 'la disdetta';
  doc.font('regular').fontSize(10).fillColor('black').text(
    `Il/La sottoscritto/a ${f.signatory.name}, in qualità di ${f.signatory.role} dell'Ente ${f.ente.name}, chiede ${verb} del servizio sopra indicato alle condizioni della convenzione con il CIT in vigore.`,
    MARGIN,
    undefined,
    { width: WIDTH, align: 'justify' },
  );
  doc.moveDown(0.8);
  row('Data', italianDate(f.generatedAt));

  doc.moveDown(2);
  const x = MARGIN + WIDTH / 2;
  doc.font('regular').fontSize(10).text('Firma', x, undefined, { width: WIDTH / 2 });
  doc.text(`${f.signatory.name} – ${f.signatory.role}`, x, undefined, { width: WIDTH / 2 });
  doc.moveDown(2.2);
  doc.moveTo(x, doc.y).lineTo(MARGIN + WIDTH, doc.y).lineWidth(0.5).strokeColor('black').stroke();
  doc.moveDown(1.5);
  doc.fontSize(9).fillColor(GREY).text(
    "Firmare digitalmente questo PDF/A (CAdES .p7m o PAdES) oppure stamparlo, firmarlo a mano e allegarne la scansione insieme a una copia del documento d'identità del firmatario.",
    MARGIN,
    undefined,
    { width: WIDTH },
  );
  // Machine-readable identification for the approver's verdict (signed-form/pdf.ts reads it back from the signed file).
  (doc as unknown as { appendXML(xml: string): void }).appendXML(formIdentificationXmp(f));
  doc.end();
  return done;
}

const xmlAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function formIdentificationXmp(f: RequestFormDocument): string {
  const quantity = f.category === 'activation' ? f.quantity : f.records.length;
  const protocol = f.protocol ? ` citform:protocol="${xmlAttr(f.protocol)}"` : '';
  return `
        <rdf:Description rdf:about="" xmlns:citform="${FORM_XMP_NS}" citform:category="${f.category}" citform:service="${xmlAttr(f.serviceCode)}" citform:quantity="${quantity}" citform:ente="${xmlAttr(f.ente.fiscalCode)}"${protocol}/>`;
}
