import type { TFunction } from 'i18next';
import { CreateTicketSchema, isStaff, RequestFormDraftSchema, type CreateTicket, type Me, type RequestFormDraft } from '@cit/shared';
import { quantityOf, SERVICE_FIELD_IDS, type ServiceDraft } from '../services/ServiceRequestFields';
import { SIGNATORY_FIELD_IDS } from '../services/SignedFormStep';

/* The new-ticket form's fields, their order and wizard step, and its validation with the shared schema's rules. */

export type Field =
  | 'type'
  | 'category'
  | 'serviceCode'
  | 'variant'
  | 'quantity'
  | 'unitLabels'
  | 'targetRecordIds'
  | 'urgency'
  | 'title'
  | 'description'
  | 'enteId'
  | 'signatoryName'
  | 'signatoryRole'
  | 'attachments';
export type FieldErrors = Partial<Record<Field, string>>;

/** In the order of the form, so that the error summary lists them top to bottom. */
export const FIELD_IDS: Record<Field, string> = {
  enteId: 'ticket-ente',
  category: 'ticket-category',
  type: 'ticket-type',
  urgency: 'ticket-urgency',
  serviceCode: SERVICE_FIELD_IDS.serviceCode,
  variant: SERVICE_FIELD_IDS.variant,
  quantity: SERVICE_FIELD_IDS.quantity,
  unitLabels: SERVICE_FIELD_IDS.unitLabels,
  targetRecordIds: SERVICE_FIELD_IDS.targetRecordIds,
  title: 'ticket-title',
  description: 'ticket-description',
  signatoryName: SIGNATORY_FIELD_IDS.signatoryName,
  signatoryRole: SIGNATORY_FIELD_IDS.signatoryRole,
  attachments: 'ticket-attachments',
};
/** Service requests are a three-step wizard: service and quantity, cost preview, signed form. */
export type Step = 1 | 2 | 3;
export const STEP_OF: Record<Field, Step> = {
  enteId: 1,
  category: 1,
  type: 1,
  urgency: 1,
  serviceCode: 1,
  variant: 1,
  quantity: 1,
  unitLabels: 1,
  targetRecordIds: 1,
  title: 1,
  description: 1,
  signatoryName: 3,
  signatoryRole: 3,
  attachments: 3,
};
export const FIELDS = Object.keys(FIELD_IDS) as Field[];
export const isField = (value: unknown): value is Field => typeof value === 'string' && (FIELDS as string[]).includes(value);

export interface Draft extends ServiceDraft {
  type: string;
  category: string;
  urgency: string;
  title: string;
  description: string;
  enteId: string;
}

export const isServiceCategory = (category: string): category is 'activation' | 'cancellation' =>
  category === 'activation' || category === 'cancellation';

/** Staff open tickets on behalf of an Ente (phone calls); a capofila chooses among its Enti. */
export const needsEnte = (user: Me) => isStaff(user.role) || user.visibleEnteCount > 1;

/** The shared schema's own rules and messages; choices left empty get a translated "choose" message. */
export function validateTicket(
  draft: Draft,
  user: Me,
  t: TFunction,
  extra: { variantRequired: boolean; formPasses: boolean } = { variantRequired: false, formPasses: true },
): { ticket?: CreateTicket; errors: FieldErrors } {
  const service = isServiceCategory(draft.category);
  const input = {
    type: draft.type || undefined,
    category: draft.category || undefined,
    serviceCode: draft.serviceCode.trim() || null,
    urgency: draft.urgency || undefined,
    title: draft.title,
    description: draft.description,
    enteId: draft.enteId || undefined,
    ...(draft.category === 'activation'
      ? {
          quantity: draft.quantity.trim() === '' ? undefined : draft.quantity,
          unitLabels: draft.unitLabels.slice(0, quantityOf(draft) ?? draft.unitLabels.length).map((l) => l.trim()).filter(Boolean),
          variant: draft.variant || undefined,
        }
      : {}),
    ...(draft.category === 'cancellation' ? { targetRecordIds: draft.targetRecordIds, variant: draft.variant || undefined } : {}),
  };
  const errors: FieldErrors = {};
  const parsed = CreateTicketSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (!isField(field) || errors[field]) continue;
      const blank = (field === 'title' || field === 'description') && draft[field].trim() === '';
      const custom = !blank && (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'custom' || issue.code === 'invalid_format');
      errors[field] = custom && issue.message ? issue.message : t(`newTicket.errors.${field}`);
    }
  }
  if (service && draft.category === 'activation' && quantityOf(draft) === null && !errors.quantity) errors.quantity = t('newTicket.errors.quantity');
  if (service && extra.variantRequired && !draft.variant && !errors.variant) errors.variant = t('newTicket.errors.variant');
  if (service && !extra.formPasses && !errors.attachments) errors.attachments = t('wizard.submitBlocked');
  if (isStaff(user.role) && !draft.enteId && !errors.enteId) errors.enteId = t('newTicket.errors.enteId');
  if (parsed.success && Object.keys(errors).length === 0) return { ticket: parsed.data, errors };
  return { errors };
}

/** Service requests can be prefilled from "I miei servizi" (`?categoria=cancellation&servizio=pec&ente=…&record=…`). */
export function initialDraft(user: Me, params: URLSearchParams): Draft {
  const category = params.get('categoria') ?? '';
  const record = params.get('record');
  const ente = params.get('ente');
  const fromUrl = isServiceCategory(category);
  return {
    type: fromUrl ? 'request' : '',
    category: fromUrl ? category : 'assistance',
    serviceCode: fromUrl ? (params.get('servizio') ?? '') : '',
    variant: '',
    quantity: '1',
    unitLabels: [],
    targetRecordIds: fromUrl && category === 'cancellation' && record ? [record] : [],
    urgency: 'medium',
    title: '',
    description: '',
    enteId: ente && needsEnte(user) ? ente : !isStaff(user.role) && user.visibleEnteCount > 1 ? (user.enti[0]?.id ?? '') : '',
  };
}

/** The draft of the pre-filled request form (wizard step 3), or the errors of the fields that stop it. */
export function requestFormDraftOf(
  draft: Draft,
  category: 'activation' | 'cancellation',
  enteId: string | undefined,
  signatory: { name: string; role: string },
  t: TFunction,
): { form?: RequestFormDraft; errors: FieldErrors } {
  const quantity = quantityOf(draft);
  const parsed = RequestFormDraftSchema.safeParse({
    category,
    serviceCode: draft.serviceCode,
    variant: draft.variant || undefined,
    enteId,
    quantity: quantity ?? 1,
    unitLabels: draft.unitLabels.slice(0, quantity ?? 0).map((l) => l.trim()).filter(Boolean),
    targetRecordIds: category === 'cancellation' ? draft.targetRecordIds : [],
    signatoryName: signatory.name,
    signatoryRole: signatory.role,
  });
  if (parsed.success) return { form: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (!isField(field) || errors[field]) continue;
    errors[field] = field === 'signatoryName' || field === 'signatoryRole' ? t(`newTicket.errors.${field}`) : issue.message;
  }
  return { errors };
}
