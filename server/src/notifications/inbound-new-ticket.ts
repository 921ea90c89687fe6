import { enteReferentByEmail } from './inbound-mail.repository';
import type { DataSource } from 'typeorm';
import type { ParsedMail } from 'mailparser';
import { CreateTicketSchema, type CreateTicket } from '@cit/shared';
import type { Recipient } from './recipients';

/** The local part of the address that opens a new ticket by e-mail: `assistenza@INBOUND_DOMAIN`. */
export const NEW_TICKET_LOCAL_PART = 'assistenza';

/**
 * The Ente referent an e-mail to the help-desk address comes from: an active `ente_user` or `capofila_user` with that
 * address (the organisation's gateway checks SPF/DKIM before relaying here, as for replies). Staff and suppliers
 * open tickets in the application.
 */
export async function requesterByEmail(ds: DataSource, email: string): Promise<Recipient | undefined> {
  return enteReferentByEmail(ds, email);
}

/**
 * An assistance request from an e-mail: the subject is the title, the text the description; urgency medium, type
 * request (the operator re-triages it if needed). Too short a subject becomes «Richiesta via e-mail».
 */
export function ticketFromMail(parsed: ParsedMail, body: string): CreateTicket {
  const subject = (parsed.subject ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  return CreateTicketSchema.parse({
    type: 'request',
    category: 'assistance',
    urgency: 'medium',
    title: subject.length >= 3 ? subject : 'Richiesta via e-mail',
    description: body,
  });
}
