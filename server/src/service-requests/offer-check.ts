import type { DataSource, EntityManager } from 'typeorm';
import { BusinessRuleError, offerFor, romeDate, SERVICE_CODES, type ServiceCode, type TicketCategory } from '@cit/shared';
import { AppError } from '../platform/http/errors';
import { priceLists } from '../price-lists/price-lists.loader';
import { isMemberOn, requestFormOf } from './service-requests.repository';

/** What the rules look at in a request, whether it is being submitted or is already a ticket. */
export interface RequestFacts {
  enteId: string;
  category: TicketCategory;
  serviceCode?: string | null;
  /** `variant` in a submission, `serviceVariant` on a ticket. */
  variant?: string | null;
  serviceVariant?: string | null;
}

const italianDate = (iso: string) => iso.split('-').reverse().join('/');

/**
 * Why the price list and membership in force on `date` refuse a request, or null. Only activations are checked:
 * an Ente must always be able to cancel a service, even one the new list no longer offers (an old pagoPA record),
 * and an assistance ticket needs no membership.
 */
export async function requestRefusal(db: DataSource | EntityManager, r: RequestFacts, date: string): Promise<BusinessRuleError | null> {
  if (r.category !== 'activation') return null;
  const code = r.serviceCode;
  if (!code || !(SERVICE_CODES as readonly string[]).includes(code)) return new BusinessRuleError('Indicare un servizio del catalogo.', 'serviceCode');
  const offer = offerFor(date, code as ServiceCode, r.variant ?? r.serviceVariant ?? null, await priceLists(db));
  if (!offer.ok) return new BusinessRuleError(offer.message, offer.field);
  if (!(await isMemberOn(db, r.enteId, date))) {
    return new BusinessRuleError(
      `L'Ente non ha una convenzione con il CIT in vigore il ${italianDate(date)}: può aprire richieste di assistenza, ma non attivare servizi.`,
      'enteId',
    );
  }
  return null;
}

/** A refusal as the API answers it: 409 with the rule's message, tied to the field at fault. */
export function refusalResponse(refusal: BusinessRuleError): AppError {
  const code = refusal.field === 'enteId' ? 'not_a_member' : 'not_offered';
  return new AppError(409, code, refusal.message, refusal.field ? { fields: [{ path: refusal.field, message: refusal.message }] } : undefined);
}

/** Submission: the rules of the day the request is made. */
export async function checkSubmission(db: DataSource | EntityManager, r: RequestFacts, now: Date): Promise<void> {
  const refusal = await requestRefusal(db, r, romeDate(now));
  if (refusal) throw refusalResponse(refusal);
}

/** The request date decides the price list and the billing start: the day the form reached the platform (DOMAIN.md). */
export async function requestDateOf(tx: EntityManager, t: { id: string; createdAt: Date }): Promise<{ date: string; formId: string | null }> {
  const form = await requestFormOf(tx, t.id);
  return { date: romeDate(form?.createdAt ?? t.createdAt), formId: form?.id ?? null };
}

/** Approval re-checks with the rules of the request date, and refuses with the same message as the submission. */
export async function checkApproval(tx: EntityManager, t: RequestFacts & { id: string; createdAt: Date }): Promise<void> {
  const refusal = await requestRefusal(tx, t, (await requestDateOf(tx, t)).date);
  if (refusal) throw refusalResponse(refusal);
}
