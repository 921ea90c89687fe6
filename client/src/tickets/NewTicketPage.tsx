import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Breadcrumb, BreadcrumbItem, Button, Col, Container, Row } from 'design-react-kit';
import { Link } from 'react-router';
import {
  can,
  isStaff,
  TICKET_CATEGORIES,
  TICKET_TYPES,
  URGENCIES,
  type FormCheckResult,
  type RequestFormDraft,
} from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { useCatalog } from '../services/api';
import { CostPreview } from '../services/CostPreview';
import { quantityOf, ServiceRequestFields, type ServiceDraft } from '../services/ServiceRequestFields';
import { SignedFormStep, type Signatory } from '../services/SignedFormStep';
import { WizardSteps } from '../services/WizardSteps';
import { useCurrentUser } from '../auth/currentUser';
import { PageTitle } from '../ui/PageTitle';
import { KbSuggestions } from '../kb/KbSuggestions';
import { recordKbSuggestion } from '../kb/api';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useCreateTicket } from './api';
import { EnteSelect } from './EnteSelect';
import { ErrorSummary } from './ErrorSummary';
import { FileDrop } from './FileDrop';
import { TextAreaField } from './TextAreaField';
import {
  FIELD_IDS,
  FIELDS,
  initialDraft,
  isField,
  isServiceCategory,
  needsEnte,
  requestFormDraftOf,
  STEP_OF,
  validateTicket,
  type Draft,
  type FieldErrors,
  type Step,
} from './newTicketForm';

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
  const [step, setStep] = useState<Step>(1);
  const [signatory, setSignatory] = useState<Signatory>({ name: user.name, role: '' });
  const [formCheck, setFormCheck] = useState<FormCheckResult | null>(null);
  const summaryRef = useRef<HTMLElement>(null);
  const stepHeadingRef = useRef<HTMLHeadingElement>(null);
  const stepChanged = useRef(false);
  const create = useCreateTicket(setProgress);
  // Ties the knowledge-base suggestions shown on this form to its submission (deflection counting).
  const [formSession] = useState(() => crypto.randomUUID());

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);
  // A new step is announced by moving the focus to its heading (not on the first render).
  useEffect(() => {
    if (stepChanged.current) stepHeadingRef.current?.focus();
    stepChanged.current = true;
  }, [step]);

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
  const variantRequired = !!service && service.variants.length > 0;
  const formPasses = formCheck?.requirement.passes === true;

  /** Shows `found` in the summary (focused); on the wizard, goes back to the first step with a wrong field. */
  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    const steps = FIELDS.filter((f) => found[f]).map((f) => STEP_OF[f]);
    if (serviceCategory && steps.length > 0) setStep(Math.min(...steps) as Step);
    setAttempts((n) => n + 1);
  };

  const goNext = () => {
    setFailure(null);
    if (step === 1) {
      const { errors: found } = validateTicket(draft, user, t, { variantRequired, formPasses: true });
      if (Object.values(found).some(Boolean)) return showErrors(found);
      setErrors({});
    }
    setStep((s) => (s < 3 ? ((s + 1) as Step) : s));
  };

  /** The draft the pre-filled form is made of; the signatory's errors go to the summary. */
  const formDraft = (): RequestFormDraft | null => {
    if (!serviceCategory) return null;
    const { form, errors: found } = requestFormDraftOf(draft, serviceCategory, enteForService ?? undefined, signatory, t);
    if (!form) showErrors(found);
    return form ?? null;
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    // Enter in a field of the first steps means "next", not "send".
    if (serviceCategory && step < 3) return goNext();
    setFailure(null);
    const { ticket, errors: found } = validateTicket(draft, user, t, { variantRequired, formPasses });
    if (!ticket) return showErrors(found);
    setErrors(found);
    setProgress(files.length > 0 ? 0 : null);
    create.mutate(
      { ticket, files },
      {
        onSuccess: ({ id }) => {
          if (can(user, 'kb.suggestions')) recordKbSuggestion({ formSession, kind: 'submitted' });
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
          showErrors(fromServer);
        },
      },
    );
  };

  const listed = FIELDS.flatMap((field) => (errors[field] ? [{ id: FIELD_IDS[field], message: errors[field] }] : []));
  const option = (prefix: 'ticketType' | 'ticketCategory' | 'urgency') => (value: string) => ({ value, label: t(`${prefix}.${value}` as 'urgency.high') });

  const common: ReactNode = (
    <>
      {needsEnte(user) && (
        <EnteSelect
          activeOnly
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
    </>
  );
  const subjectFields: ReactNode = (
    <>
      <TextField
        id={FIELD_IDS.title}
        label={t('newTicket.subject')}
        value={draft.title}
        onValueChange={set('title')}
        required
        maxLength={200}
        error={errors.title}
      />
      <KbSuggestions title={draft.title} formSession={formSession} />
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
    </>
  );
  const submitButton = (disabled: boolean) => (
    <Button type="submit" color="primary" disabled={create.isPending || disabled} aria-describedby={disabled ? 'wizard-submit-blocked' : undefined}>
      {create.isPending ? t('newTicket.submitting') : t('newTicket.submit')}
    </Button>
  );

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
            {serviceCategory ? (
              <>
                <WizardSteps step={step} headingRef={stepHeadingRef} />
                {step === 1 && (
                  <>
                    {common}
                    <div className="service-request-box">
                      <ServiceRequestFields
                        category={serviceCategory}
                        draft={draft}
                        onChange={setService}
                        errors={errors}
                        enteId={enteForService}
                        disabled={create.isPending}
                      />
                    </div>
                    {subjectFields}
                  </>
                )}
                {step === 2 &&
                  (serviceCategory === 'activation' ? (
                    <CostPreview params={quoteParams} missing={quoteMissing} service={service} headingLevel={3} />
                  ) : (
                    <p className="wizard-cancellation-cost">{t('wizard.cancellationCost')}</p>
                  ))}
                {step === 3 && (
                  <SignedFormStep
                    signatory={signatory}
                    onSignatoryChange={(patch) => {
                      setSignatory((v) => ({ ...v, ...patch }));
                      setErrors((e) => ({ ...e, ...('name' in patch ? { signatoryName: undefined } : {}), ...('role' in patch ? { signatoryRole: undefined } : {}) }));
                    }}
                    formDraft={formDraft}
                    errors={errors}
                    filesId={FIELD_IDS.attachments}
                    files={files}
                    onFilesChange={(next) => {
                      setFiles(next);
                      setErrors((e) => (e.attachments ? { ...e, attachments: undefined } : e));
                    }}
                    check={formCheck}
                    onCheck={setFormCheck}
                    progress={create.isPending ? progress : null}
                    disabled={create.isPending}
                  />
                )}
                <div className="d-flex flex-wrap gap-3 mt-4 align-items-center">
                  {step > 1 && (
                    <Button type="button" color="secondary" outline onClick={() => setStep((s) => (s - 1) as Step)} disabled={create.isPending}>
                      {t('wizard.back')}
                    </Button>
                  )}
                  {step < 3 ? (
                    <Button type="submit" color="primary">
                      {t('wizard.next')}
                    </Button>
                  ) : (
                    submitButton(!formPasses)
                  )}
                  <Link to="/ticket" className="btn btn-outline-secondary">
                    {t('common.cancel')}
                  </Link>
                </div>
                {step === 3 && !formPasses && (
                  <p id="wizard-submit-blocked" className="small text-muted mt-2 mb-0">
                    {t('wizard.submitBlocked')}
                  </p>
                )}
              </>
            ) : (
              <>
                {common}
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
                {subjectFields}
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
                  {submitButton(false)}
                  <Link to="/ticket" className="btn btn-outline-secondary">
                    {t('common.cancel')}
                  </Link>
                </div>
              </>
            )}
          </form>
        </Col>
      </Row>
    </Container>
  );
}
