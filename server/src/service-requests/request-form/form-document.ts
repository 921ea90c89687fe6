import type { DataSource } from 'typeorm';
import { CATALOG, type RequestFormDraft } from '@cit/shared';
import type { AuthContext } from '../../auth/context';
import { Ente } from '../../enti/ente.entity';
import { AppError } from '../../platform/http/errors';
import { ServiceRecord } from '../../service-records/service-record.entity';
import { Ticket } from '../../tickets/ticket.entity';
import { formatProtocol } from '../../tickets/tickets.service';
import { quoteForEnte } from '../quote';
import { payerOnForm } from '../service-requests.repository';
import type { RequestFormDocument } from './pdf';

/** The pre-filled form of a request draft, for an Ente the caller can see. */
export async function formDocument(ds: DataSource, auth: AuthContext, draft: RequestFormDraft, now: Date): Promise<RequestFormDocument> {
  const enteId = draft.enteId ?? auth.db.soleEnte();
  if (!enteId) throw new AppError(400, 'ente_required', "Indicare per quale Ente si prepara il modulo.", { fields: [{ path: 'enteId', message: "Scelga l'Ente." }] });
  const ente = await auth.db.get(Ente, enteId, "L'Ente");
  const service = CATALOG[draft.serviceCode];
  if (!service.requestable) {
    throw new AppError(400, 'not_requestable', 'Questo servizio è compreso nella convenzione e non si attiva con una richiesta.', {
      fields: [{ path: 'serviceCode', message: 'Servizio non richiedibile.' }],
    });
  }
  const variant = service.variants.find((v) => v.code === draft.variant) ?? null;
  const quote = draft.category === 'activation' ? await quoteForEnte(ds, auth, { enteId, serviceCode: draft.serviceCode, variant: draft.variant, quantity: draft.quantity }, now) : null;
  let records: RequestFormDocument['records'] = [];
  if (draft.category === 'cancellation') {
    const ids = [...new Set(draft.targetRecordIds)];
    const found = await auth.db
      .select(ServiceRecord, 'r')
      .andWhere('r.id IN (:...ids) AND r.ente_id = :enteId AND r.service_code = :code', { ids, enteId, code: draft.serviceCode })
      .orderBy('r.unit_index')
      .getMany();
    if (found.length !== ids.length) {
      throw new AppError(400, 'invalid_target_records', 'I servizi da disdire non sono di questo Ente o non corrispondono al servizio indicato.', {
        fields: [{ path: 'targetRecordIds', message: 'Servizio non valido.' }],
      });
    }
    records = found.map((r) => ({ unitIndex: r.unitIndex, unitLabel: r.unitLabel, startsOn: r.startsOn }));
  }
  // The payer named by the engine is the capofila, which the caller may not be allowed to read: its name and
  // codice fiscale are printed on the member's own form, as the statements do.
  const payer = quote?.payer ? await payerOnForm(ds, quote.payer.enteId) : null;
  const ticket = draft.ticketId ? await auth.db.get(Ticket, draft.ticketId, 'Il ticket') : null;
  return {
    category: draft.category,
    serviceCode: draft.serviceCode,
    ente: { name: ente.name, fiscalCode: ente.fiscalCode, pec: ente.pec },
    payer: payer ? { name: payer.name, fiscalCode: payer.fiscalCode, pec: payer.pec } : null,
    serviceName: service.name,
    variantLabel: variant?.label ?? null,
    quantity: draft.quantity,
    unitNoun: service.unit,
    unitLabelName: service.unitLabel,
    unitLabels: draft.category === 'activation' ? draft.unitLabels : [],
    records,
    quote,
    signatory: { name: draft.signatoryName, role: draft.signatoryRole },
    protocol: ticket ? formatProtocol(ticket.protocolYear, ticket.protocolNumber) : null,
    generatedAt: now,
  };
}
