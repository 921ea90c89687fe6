import { formatProtocol } from '../tickets/tickets.service';
import type { ExportColumn } from './export-writer';

/** The columns of each export: Italian headers, values as the list shows them (codes for the enumerations). */

export interface TicketExportRow {
  protocolYear: number;
  protocolNumber: number;
  ente: string;
  type: string;
  category: string;
  serviceCode: string | null;
  urgency: string;
  title: string;
  status: string;
  groupName: string | null;
  assignee: string | null;
  supplier: string | null;
  channel: string;
  createdAt: string;
  updatedAt: string;
  resolveDue: string | null;
  slaState: string;
  labels: string;
}

export const TICKET_COLUMNS: ReadonlyArray<ExportColumn<TicketExportRow>> = [
  { header: 'Protocollo', value: (r) => formatProtocol(r.protocolYear, r.protocolNumber), width: 14 },
  { header: 'Ente', value: (r) => r.ente, width: 30 },
  { header: 'Tipo', value: (r) => r.type },
  { header: 'Categoria', value: (r) => r.category },
  { header: 'Servizio', value: (r) => r.serviceCode },
  { header: 'Urgenza', value: (r) => r.urgency },
  { header: 'Titolo', value: (r) => r.title, width: 50 },
  { header: 'Stato', value: (r) => r.status },
  { header: 'Gruppo', value: (r) => r.groupName },
  { header: 'Assegnatario', value: (r) => r.assignee },
  { header: 'Fornitore', value: (r) => r.supplier },
  { header: 'Canale', value: (r) => r.channel },
  { header: 'Aperto il', value: (r) => r.createdAt },
  { header: 'Aggiornato il', value: (r) => r.updatedAt },
  { header: 'Scadenza risoluzione', value: (r) => r.resolveDue },
  { header: 'Stato SLA', value: (r) => r.slaState },
  { header: 'Etichette', value: (r) => r.labels },
];

export interface AuditExportRow {
  id: string;
  at: string;
  actor_name: string;
  actor_email: string | null;
  ip: string | null;
  entity: string;
  record_id: string;
  action: string;
  before: string | null;
  after: string | null;
}

export const AUDIT_COLUMNS: ReadonlyArray<ExportColumn<AuditExportRow>> = [
  { header: 'Numero', value: (r) => r.id, width: 10 },
  { header: 'Data e ora', value: (r) => r.at, width: 20 },
  { header: 'Autore', value: (r) => r.actor_name },
  { header: 'E-mail autore', value: (r) => r.actor_email, width: 28 },
  { header: 'Indirizzo IP', value: (r) => r.ip },
  { header: 'Archivio', value: (r) => r.entity },
  { header: 'Record', value: (r) => r.record_id, width: 38 },
  { header: 'Azione', value: (r) => r.action },
  { header: 'Prima', value: (r) => r.before, width: 60 },
  { header: 'Dopo', value: (r) => r.after, width: 60 },
];

const euros = (cents: number | string | null) => (cents === null ? null : Number(cents) / 100);

export interface BillingExportRow {
  ente: string;
  payer: string;
  year: number;
  half: number | null;
  kind: string;
  serviceCode: string | null;
  description: string;
  amountCents: number;
  status: string;
  dueOn: string | null;
  collectedOn: string | null;
  actReference: string | null;
  budgetChapter: string | null;
  assessmentNumber: string | null;
  assessmentDate: string | null;
}

export const BILLING_COLUMNS: ReadonlyArray<ExportColumn<BillingExportRow>> = [
  { header: 'Ente', value: (r) => r.ente, width: 30 },
  { header: 'Ente pagante', value: (r) => r.payer, width: 30 },
  { header: 'Anno', value: (r) => r.year, width: 8 },
  { header: 'Semestre', value: (r) => r.half, width: 8 },
  { header: 'Tipo', value: (r) => r.kind },
  { header: 'Servizio', value: (r) => r.serviceCode },
  { header: 'Descrizione', value: (r) => r.description, width: 40 },
  { header: 'Importo (euro)', value: (r) => euros(r.amountCents) },
  { header: 'Stato', value: (r) => r.status },
  { header: 'Scadenza', value: (r) => r.dueOn },
  { header: 'Riscosso il', value: (r) => r.collectedOn },
  { header: 'Atto', value: (r) => r.actReference, width: 30 },
  { header: 'Capitolo', value: (r) => r.budgetChapter },
  { header: 'Accertamento', value: (r) => r.assessmentNumber },
  { header: 'Data accertamento', value: (r) => r.assessmentDate },
];

export interface StatementExportRow {
  number: number;
  year: number;
  half: number;
  payer: string;
  entryCount: number;
  totalCents: number;
  carriedCents: string;
  paymentsCents: string;
  outstandingCents: string;
  dueOn: string;
  pagopaNoticeCode: string | null;
  generatedAt: string;
}

export const STATEMENT_COLUMNS: ReadonlyArray<ExportColumn<StatementExportRow>> = [
  { header: 'Numero', value: (r) => `${r.number}/${r.year}`, width: 10 },
  { header: 'Anno', value: (r) => r.year, width: 8 },
  { header: 'Semestre', value: (r) => r.half, width: 8 },
  { header: 'Ente pagante', value: (r) => r.payer, width: 30 },
  { header: 'Voci', value: (r) => r.entryCount, width: 8 },
  { header: 'Totale semestre (euro)', value: (r) => euros(r.totalCents) },
  { header: 'Riportato (euro)', value: (r) => euros(r.carriedCents) },
  { header: 'Pagamenti (euro)', value: (r) => euros(r.paymentsCents) },
  { header: 'Da pagare (euro)', value: (r) => euros(r.outstandingCents) },
  { header: 'Scadenza', value: (r) => r.dueOn },
  { header: 'Codice avviso pagoPA', value: (r) => r.pagopaNoticeCode, width: 22 },
  { header: 'Generato il', value: (r) => r.generatedAt },
];

export interface EnteExportRow {
  name: string;
  kind: string;
  fiscalCode: string;
  pec: string | null;
  istatCode: string | null;
  ipaCode: string | null;
  capofila: string | null;
  active: boolean;
}

export const ENTE_COLUMNS: ReadonlyArray<ExportColumn<EnteExportRow>> = [
  { header: 'Denominazione', value: (r) => r.name, width: 40 },
  { header: 'Tipo', value: (r) => r.kind },
  { header: 'Codice fiscale', value: (r) => r.fiscalCode, width: 14 },
  { header: 'PEC', value: (r) => r.pec, width: 36 },
  { header: 'Codice ISTAT', value: (r) => r.istatCode },
  { header: 'Codice IPA', value: (r) => r.ipaCode },
  { header: 'Capofila', value: (r) => r.capofila, width: 30 },
  { header: 'Attivo', value: (r) => (r.active ? 'sì' : 'no'), width: 8 },
];

export interface ServiceRecordExportRow {
  ente: string;
  payer: string;
  serviceCode: string;
  variant: string | null;
  unitIndex: number;
  unitLabel: string | null;
  conventionPeriod: string;
  protocol: string;
  requestDate: string;
  startsOn: string;
  endsOn: string | null;
  feeType: string;
  free: boolean;
  annualCents: number | null;
}

export const SERVICE_RECORD_COLUMNS: ReadonlyArray<ExportColumn<ServiceRecordExportRow>> = [
  { header: 'Ente', value: (r) => r.ente, width: 30 },
  { header: 'Ente pagante', value: (r) => r.payer, width: 30 },
  { header: 'Servizio', value: (r) => r.serviceCode },
  { header: 'Variante', value: (r) => r.variant },
  { header: 'Unità', value: (r) => r.unitIndex, width: 8 },
  { header: 'Etichetta unità', value: (r) => r.unitLabel, width: 24 },
  { header: 'Convenzione', value: (r) => r.conventionPeriod },
  { header: 'Protocollo richiesta', value: (r) => r.protocol },
  { header: 'Data richiesta', value: (r) => r.requestDate },
  { header: 'Inizio', value: (r) => r.startsOn },
  { header: 'Fine', value: (r) => r.endsOn },
  { header: 'Tipo di canone', value: (r) => r.feeType },
  { header: 'Gratuito', value: (r) => (r.free ? 'sì' : 'no'), width: 8 },
  { header: 'Canone annuo (euro)', value: (r) => euros(r.annualCents) },
];

export interface SurveyAnswerExportRow {
  protocolYear: number;
  protocolNumber: number;
  title: string;
  ente: string;
  serviceCode: string | null;
  operatorName: string | null;
  score: number;
  comment: string | null;
  answeredAt: string;
}

export const SURVEY_ANSWER_COLUMNS: ReadonlyArray<ExportColumn<SurveyAnswerExportRow>> = [
  { header: 'Risposto il', value: (r) => r.answeredAt, width: 17 },
  { header: 'Protocollo', value: (r) => formatProtocol(r.protocolYear, r.protocolNumber), width: 14 },
  { header: 'Ente', value: (r) => r.ente, width: 30 },
  { header: 'Servizio', value: (r) => r.serviceCode },
  { header: 'Operatore', value: (r) => r.operatorName, width: 24 },
  { header: 'Voto', value: (r) => r.score },
  { header: 'Commento', value: (r) => r.comment, width: 60 },
  { header: 'Titolo del ticket', value: (r) => r.title, width: 50 },
];
