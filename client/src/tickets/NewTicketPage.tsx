import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Breadcrumb, BreadcrumbItem, Button, Col, Container, Row } from 'design-react-kit';
import { Link } from 'react-router';
import {
  CreateTicketSchema,
  isStaff,
  TICKET_CATEGORIES,
  TICKET_TYPES,
  URGENCIES,
  type CreateTicket,
  type Me,
} from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { useCatalog } from '../services/api';
import { CostPreview } from '../services/CostPreview';
import {
  quantityOf,
  SERVICE_FIELD_IDS,
  ServiceRequestFields,
  SignedFormHelp,
  type ServiceDraft,
} from '../services/ServiceRequestFields';
import { useCurrentUser } from '../auth/currentUser';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useCreateTicket } from './api';
import { EnteSelect } from './EnteSelect';
import { ErrorSummary } from './ErrorSummary';
import { FileDrop } from './FileDrop';
import { TextAreaField } from './TextAreaField';

type Field =
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
  | 'attachments';
type FieldErrors = Partial<Record<Field, string>>;

/** In the order of the form, so that the error summary lists them top to bottom. */
const FIELD_IDS: Record<Field, string> = {
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
  attachments: 'ticket-attachments',
};
const FIELDS = Object.keys(FIELD_IDS) as Field[];
const isField = (value: unknown): value is Field => typeof value === 'string' && (FIELDS as string[]).includes(value);

interface Draft extends ServiceDraft {
  type: string;
  category: string;
  urgency: string;
  title: string;
  description: string;
  enteId: string;
}

const isServiceCategory = (category: string): category is 'activation' | 'cancellation' =>
  category === 'activation' || category === 'cancellation';

/** The request form: a PDF (PDF/A, hand-signed with an ID document) or a signed .p7m. */
const isFormFile = (file: File) => /\.(pdf|p7m)$/i.test(file.name) || file.type === 'application/pdf';

/** Staff open tickets on behalf of an Ente (phone calls); a capofila chooses among its Enti. */
const needsEnte = (user: Me) => isStaff(user.role) || user.visibleEnteCount > 1;

/** The shared schema's own rules and messages; choices left empty get a translated "choose" message. */
export function validateTicket(
  draft: Draft,
  user: Me,
  t: TFunction,
  extra: { variantRequired: boolean; files: readonly File[] } = { variantRequired: false, files: [] },
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
  if (service && !extra.files.some(isFormFile) && !errors.attachments) errors.attachments = t('newTicket.errors.form');
  if (isStaff(user.role) && !draft.enteId && !errors.enteId) errors.enteId = t('newTicket.errors.enteId');
  if (parsed.success && Object.keys(errors).length === 0) return { ticket: parsed.data, errors };
  return { errors };
}

/** Service requests can be prefilled from "I miei servizi" (`?categoria=cancellation&servizio=pec&ente=…&record=…`). */
function initialDraft(user: Me, params: URLSearchParams): Draft {
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

export function NewTicketPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [draft, setDraft] = useState<Draft>(() => initialDraft(user, params));
  const catalog = useCatalog();
  const autoTitle = useRef('');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [attempts, setAttempts] = useState(0);
  const [progress, setProgress] = useState<number | null>(null);
  const summaryRef = useRef<HTMLElement>(null);
  const create = useCreateTicket(setProgress);

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  const set = (key: keyof Draft) => (value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // The field's message goes away once it is edited; the others stay until the next attempt.
    setErrors((e) => (e[key] ? { ...e, [key]: undefined } : e));
  };
  const serviceCategory = isServiceCategory(draft.category) ? draft.category : null;
  const service = catalog.data?.services.find((s) => s.code === draft.serviceCode);

  // A service request gets a ready-made subject, as long as the user has not written their own.
  useEffect(() => {
    if (!serviceCategory || !service) return;
    const suggested = t(`newTicket.autoTitle.${serviceCategory}`, { service: service.name });
    setDraft((d) => (d.title === '' || d.title === autoTitle.current ? { ...d, title: suggested } : d));
    autoTitle.current = suggested;
  }, [serviceCategory, service, t]);

  const setCategory = (category: string) => {
    setDraft((d) => ({
      ...d,
      category,
      // Service requests are requests; a category change starts the service part again.
      type: isServiceCategory(category) && d.type === '' ? 'request' : d.type,
      ...(category !== d.category ? { targetRecordIds: [] } : {}),
    }));
    setErrors((e) => ({ ...e, category: undefined, type: undefined }));
  };
  const setService = (patch: Partial<ServiceDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const key of Object.keys(patch) as Array<keyof ServiceDraft>) next[key] = undefined;
      return next;
    });
  };
  // Cost preview and records: the Ente chosen in the form, or the user's only one (the server knows it).
  const enteForService: string | undefined | null = needsEnte(user) ? draft.enteId || null : undefined;
  const quantity = quantityOf(draft);
  const variantMissing = !!service && service.variants.length > 0 && !draft.variant;
  const quoteParams =
    serviceCategory === 'activation' && service && quantity !== null && !variantMissing && enteForService !== null
      ? { serviceCode: service.code, quantity, variant: draft.variant || undefined, enteId: enteForService }
      : null;
  const quoteMissing = !service
    ? t('quote.chooseService')
    : variantMissing
      ? t('quote.chooseVariant')
      : quantity === null
        ? t('quote.chooseQuantity')
        : t('quote.chooseEnte');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    setFailure(null);
    const { ticket, errors: found } = validateTicket(draft, user, t, { variantRequired: !!service && service.variants.length > 0, files });
    setErrors(found);
    if (!ticket) {
      setAttempts((n) => n + 1);
      return;
    }
    setProgress(files.length > 0 ? 0 : null);
    create.mutate(
      { ticket, files },
      {
        onSuccess: ({ id }) => {
          void navigate(`/ticket/${id}`, { state: { created: true } });
        },
        onError: (error) => {
          // Nothing typed is lost: the draft and the files stay; the server's field messages go next to the fields.
          setProgress(null);
          setFailure(error);
          const fromServer: FieldErrors = {};
          for (const { path, message } of fieldIssues(error)) {
            const head = path.split('.')[0];
            if (isField(head) && !fromServer[head]) fromServer[head] = message;
          }
          setErrors(fromServer);
          setAttempts((n) => n + 1);
        },
      },
    );
  };

  const listed = FIELDS.flatMap((field) => (errors[field] ? [{ id: FIELD_IDS[field], message: errors[field] }] : []));
  const option = (prefix: 'ticketType' | 'ticketCategory' | 'urgency') => (value: string) => ({ value, label: t(`${prefix}.${value}` as 'urgency.high') });

  return (
    <Container className="py-4 py-lg-5">
      <Breadcrumb className="mb-2">
        <BreadcrumbItem>
          <Link to="/ticket">{t('nav.tickets')}</Link>
          <span className="separator">/</span>
        </BreadcrumbItem>
        <BreadcrumbItem active aria-current="page">
          {t('nav.newTicket')}
        </BreadcrumbItem>
      </Breadcrumb>
      <Row>
        <Col xs={12} lg={9} xl={8}>
          <PageTitle className="mb-2">{t('newTicket.title')}</PageTitle>
          <p className="lead mb-4">{t('newTicket.intro')}</p>

          {(failure !== null || listed.length > 0) && (
            <ErrorSummary title={t('newTicket.errorsTitle')} failure={failure} fields={listed} summaryRef={summaryRef} />
          )}

          <form noValidate onSubmit={onSubmit} aria-busy={create.isPending} className="ticket-form">
            {needsEnte(user) && (
              <EnteSelect
                id={FIELD_IDS.enteId}
                label={t('newTicket.ente')}
                value={draft.enteId}
                onValueChange={set('enteId')}
                emptyLabel={t('newTicket.chooseEnte')}
                error={errors.enteId}
                required={isStaff(user.role)}
              />
            )}
            <Row>
              <Col xs={12} md={4}>
                <SelectField
                  id={FIELD_IDS.category}
                  label={t('newTicket.category')}
                  value={draft.category}
                  onValueChange={setCategory}
                  required
                  options={TICKET_CATEGORIES.map(option('ticketCategory'))}
                />
              </Col>
              <Col xs={12} md={4}>
                <SelectField
                  id={FIELD_IDS.type}
                  label={t('newTicket.type')}
                  value={draft.type}
                  onValueChange={set('type')}
                  required
                  error={errors.type}
                  options={[{ value: '', label: t('newTicket.chooseType') }, ...TICKET_TYPES.map(option('ticketType'))]}
                />
              </Col>
              <Col xs={12} md={4}>
                <SelectField
                  id={FIELD_IDS.urgency}
                  label={t('newTicket.urgency')}
                  value={draft.urgency}
                  onValueChange={set('urgency')}
                  required
                  options={URGENCIES.map(option('urgency'))}
                />
              </Col>
            </Row>
            {serviceCategory ? (
              <div className="service-request-box">
                <ServiceRequestFields
                  category={serviceCategory}
                  draft={draft}
                  onChange={setService}
                  errors={errors}
                  enteId={enteForService}
                  disabled={create.isPending}
                />
                {serviceCategory === 'activation' && (
                  <CostPreview params={quoteParams} missing={quoteMissing} service={service} headingLevel={2} />
                )}
              </div>
            ) : (
              <SelectField
                id={FIELD_IDS.serviceCode}
                label={t('newTicket.service')}
                value={draft.serviceCode}
                onValueChange={set('serviceCode')}
                error={errors.serviceCode}
                options={[
                  { value: '', label: t('newTicket.noService') },
                  ...[...(catalog.data?.services ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'it')).map((s) => ({ value: s.code, label: s.name })),
                ]}
              />
            )}
            <TextField
              id={FIELD_IDS.title}
              label={t('newTicket.subject')}
              value={draft.title}
              onValueChange={set('title')}
              required
              maxLength={200}
              error={errors.title}
            />
            <TextAreaField
              id={FIELD_IDS.description}
              label={t('newTicket.description')}
              hint={serviceCategory ? t('newTicket.descriptionHintService') : t('newTicket.descriptionHint')}
              value={draft.description}
              onValueChange={set('description')}
              required
              rows={serviceCategory ? 4 : 8}
              maxLength={20_000}
              error={errors.description}
            />
            {serviceCategory && <SignedFormHelp />}
            <FileDrop
              id={FIELD_IDS.attachments}
              files={files}
              onFilesChange={(next) => {
                setFiles(next);
                setErrors((e) => (e.attachments ? { ...e, attachments: undefined } : e));
              }}
              progress={create.isPending ? progress : null}
              disabled={create.isPending}
              error={errors.attachments}
            />
            <div className="d-flex flex-wrap gap-3 mt-4">
              <Button type="submit" color="primary" disabled={create.isPending}>
                {create.isPending ? t('newTicket.submitting') : t('newTicket.submit')}
              </Button>
              <Link to="/ticket" className="btn btn-outline-secondary">
                {t('common.cancel')}
              </Link>
            </div>
          </form>
        </Col>
      </Row>
    </Container>
  );
}
