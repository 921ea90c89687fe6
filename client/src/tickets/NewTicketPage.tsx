import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
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
import { useCurrentUser } from '../auth/currentUser';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useCreateTicket } from './api';
import { EnteSelect } from './EnteSelect';
import { ErrorSummary } from './ErrorSummary';
import { FileDrop } from './FileDrop';
import { TextAreaField } from './TextAreaField';

type Field = 'type' | 'category' | 'serviceCode' | 'urgency' | 'title' | 'description' | 'enteId' | 'attachments';
type FieldErrors = Partial<Record<Field, string>>;

const FIELD_IDS: Record<Field, string> = {
  enteId: 'ticket-ente',
  type: 'ticket-type',
  category: 'ticket-category',
  serviceCode: 'ticket-service',
  urgency: 'ticket-urgency',
  title: 'ticket-title',
  description: 'ticket-description',
  attachments: 'ticket-attachments',
};
const FIELDS = Object.keys(FIELD_IDS) as Field[];
const isField = (value: unknown): value is Field => typeof value === 'string' && (FIELDS as string[]).includes(value);

interface Draft {
  type: string;
  category: string;
  serviceCode: string;
  urgency: string;
  title: string;
  description: string;
  enteId: string;
}

/** Staff open tickets on behalf of an Ente (phone calls); a capofila chooses among its Enti. */
const needsEnte = (user: Me) => isStaff(user.role) || user.visibleEnteCount > 1;

/** The shared schema's own rules and messages; choices left empty get a translated "choose" message. */
export function validateTicket(draft: Draft, user: Me, t: TFunction): { ticket?: CreateTicket; errors: FieldErrors } {
  const input = {
    type: draft.type || undefined,
    category: draft.category || undefined,
    serviceCode: draft.serviceCode.trim() || null,
    urgency: draft.urgency || undefined,
    title: draft.title,
    description: draft.description,
    enteId: draft.enteId || undefined,
  };
  const errors: FieldErrors = {};
  const parsed = CreateTicketSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Catalog fields (units, records to cancel) have no input yet: their messages go with the service code.
      const field = issue.path[0] === 'targetRecordIds' || issue.path[0] === 'unitLabels' || issue.path[0] === 'quantity' ? 'serviceCode' : issue.path[0];
      if (!isField(field) || errors[field]) continue;
      const blank = (field === 'title' || field === 'description') && draft[field].trim() === '';
      const custom = !blank && (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'custom' || issue.code === 'invalid_format');
      errors[field] = custom && issue.message ? issue.message : t(`newTicket.errors.${field}`);
    }
  }
  if (isStaff(user.role) && !draft.enteId && !errors.enteId) errors.enteId = t('newTicket.errors.enteId');
  if (parsed.success && Object.keys(errors).length === 0) return { ticket: parsed.data, errors };
  return { errors };
}

export function NewTicketPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>({
    type: '',
    category: 'assistance',
    serviceCode: '',
    urgency: 'medium',
    title: '',
    description: '',
    enteId: !isStaff(user.role) && user.visibleEnteCount > 1 ? (user.enti[0]?.id ?? '') : '',
  });
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
  const serviceRequired = draft.category === 'activation' || draft.category === 'cancellation';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    setFailure(null);
    const { ticket, errors: found } = validateTicket(draft, user, t);
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
            const field = head === 'targetRecordIds' || head === 'unitLabels' || head === 'quantity' ? 'serviceCode' : head;
            if (isField(field) && !fromServer[field]) fromServer[field] = message;
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
              <Col xs={12} md={6}>
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
              <Col xs={12} md={6}>
                <SelectField
                  id={FIELD_IDS.urgency}
                  label={t('newTicket.urgency')}
                  value={draft.urgency}
                  onValueChange={set('urgency')}
                  required
                  options={URGENCIES.map(option('urgency'))}
                />
              </Col>
              <Col xs={12} md={6}>
                <SelectField
                  id={FIELD_IDS.category}
                  label={t('newTicket.category')}
                  value={draft.category}
                  onValueChange={set('category')}
                  required
                  options={TICKET_CATEGORIES.map(option('ticketCategory'))}
                />
              </Col>
              <Col xs={12} md={6}>
                <TextField
                  id={FIELD_IDS.serviceCode}
                  label={serviceRequired ? t('newTicket.serviceRequired') : t('newTicket.service')}
                  hint={t('newTicket.serviceHint')}
                  value={draft.serviceCode}
                  onValueChange={set('serviceCode')}
                  required={serviceRequired}
                  maxLength={40}
                  autoComplete="off"
                  spellCheck={false}
                  error={errors.serviceCode}
                />
              </Col>
            </Row>
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
              hint={t('newTicket.descriptionHint')}
              value={draft.description}
              onValueChange={set('description')}
              required
              rows={8}
              maxLength={20_000}
              error={errors.description}
            />
            <FileDrop
              id={FIELD_IDS.attachments}
              files={files}
              onFilesChange={setFiles}
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
