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
