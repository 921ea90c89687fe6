import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Button } from 'design-react-kit';
import {
  ServiceTariffSchema,
  type CatalogService,
  type PriceListVersion,
  type ServiceTariff,
} from '@cit/shared';
import { fieldIssues } from '../../api/errors';
import { ErrorSummary } from '../../tickets/ErrorSummary';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { useCatalog } from '../../services/api';
import { useFormatDate } from '../../services/format';
import { AuditTrail } from '../audit/AuditTrail';
import { PriceListPreview } from './PriceListPreview';
import { QUOTA_FIXED_ID, QuotaEditor, bandId, quotaDraftOf, quotaRuleOf } from './QuotaEditor';
import { PriceListView } from './PriceListView';
import { usePriceListVersion, usePublishPriceListVersion, useSavePriceListVersion } from './priceListsApi';

const json = (value: unknown) => JSON.stringify(value, null, 2);
type Errors = Record<string, string>;

/** A JSON editor for one part of the list, validated by its schema before sending (the server validates again). */
function JsonField({ id, label, hint, value, onChange, error }: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <div className="form-group">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <textarea
        id={id}
        className={`form-control font-monospace small${error ? ' is-invalid' : ''}`}
        rows={Math.min(18, Math.max(4, value.split('\n').length))}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
      />
      <small id={`${id}-hint`} className="form-text">
        {hint}
      </small>
      {error && (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {error}
        </div>
      )}
    </div>
  );
}

/** Parses one editor: JSON syntax first, then the schema; the first problem names the place. */
function parsePart<T>(text: string, schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, syntax: string): { data?: T; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: syntax };
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: issue ? `${issue.path.map(String).join('.') || '–'}: ${issue.message}` : syntax };
}

function DraftEditor({ draft, services }: { draft: PriceListVersion; services: readonly CatalogService[] }) {
  const { t } = useTranslation();
  const save = useSavePriceListVersion(draft.id);
  const publish = usePublishPriceListVersion(draft.id);
  const [name, setName] = useState(draft.body.name);
  const [effectiveFrom, setEffectiveFrom] = useState(draft.effectiveFrom);
  const [quota, setQuota] = useState(quotaDraftOf(draft.body.membershipQuota));
  const [tariffs, setTariffs] = useState<Array<{ code: string; text: string }>>(draft.body.services.map((s) => ({ code: s.serviceCode, text: json(s) })));
  const [adding, setAdding] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [attempts, setAttempts] = useState(0);
  const [saved, setSaved] = useState(false);
  const summaryRef = useRef<HTMLElement>(null);
  const nameOf = (code: string) => services.find((s) => s.code === code)?.name ?? code;
  const serviceId = (i: number) => `pl-service-${i}`;

  useEffect(() => {
    if (attempts > 0) summaryRef.current?.focus();
  }, [attempts]);

  /** A server field path (body.services.3.fees…) to the editor that holds it. */
  const fieldOf = (path: string): string => {
    const service = /^body\.services\.(\d+)/.exec(path);
    if (service) return serviceId(Number(service[1]));
    if (path.startsWith('body.membershipQuota.bands')) return bandId(0, 'upTo');
    if (path.startsWith('body.membershipQuota')) return QUOTA_FIXED_ID;
    if (path === 'body.name') return 'pl-name';
    return 'pl-effective';
  };

  const fail = (next: Errors) => {
    setErrors(next);
    setAttempts((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const next: Errors = {};
    if (name.trim().length < 2) next['pl-name'] = t('admin.priceLists.errors.name');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) next['pl-effective'] = t('admin.priceLists.errors.date');
    const q = quotaRuleOf(quota, {
      amount: t('admin.priceLists.errors.amount'),
      residents: t('admin.priceLists.errors.residents'),
      coefficient: t('admin.priceLists.errors.coefficient'),
    });
    Object.assign(next, q.errors);
    const parsed: ServiceTariff[] = [];
    tariffs.forEach((s, i) => {
      const p = parsePart(s.text, ServiceTariffSchema, t('admin.priceLists.errors.json'));
      if (p.error) next[serviceId(i)] = `${nameOf(s.code)} – ${p.error}`;
      else if (p.data) parsed.push(p.data);
    });
    if (Object.keys(next).length > 0 || !q.rule) return fail(next);
    save.mutate(
      { version: draft.version, effectiveFrom, body: { ...draft.body, name: name.trim(), membershipQuota: q.rule, services: parsed } },
      {
        onSuccess: (v) => {
          setErrors({});
          setSaved(true);
          setTariffs(v.body.services.map((s) => ({ code: s.serviceCode, text: json(s) })));
        },
        onError: (error) => fail(Object.fromEntries(fieldIssues(error).map((i) => [fieldOf(i.path), i.message]))),
      },
    );
  };

  const missing = services.filter((s) => !tariffs.some((x) => x.code === s.code));
  const addService = () => {
    if (!adding) return;
    setTariffs([...tariffs, { code: adding, text: json({ serviceCode: adding, allowance: null, fees: {}, note: '' }) }]);
    setAdding('');
  };
  const listed = Object.entries(errors).map(([id, message]) => ({ id, message }));
  const otherFailure = save.isError && fieldIssues(save.error).length === 0 ? save.error : null;

  return (
    <>
      <form onSubmit={submit} noValidate aria-busy={save.isPending} className="price-list-editor">
        {attempts > 0 && (listed.length > 0 || otherFailure) && (
          <ErrorSummary title={t('admin.priceLists.errors.notSaved')} failure={otherFailure} fields={listed} summaryRef={summaryRef} />
        )}
        <div className="row">
          <div className="col-12 col-md-8">
            <TextField id="pl-name" label={t('admin.priceLists.name')} value={name} onValueChange={setName} error={errors['pl-name']} required maxLength={200} />
          </div>
          <div className="col-12 col-md-4">
            <TextField id="pl-effective" label={t('admin.priceLists.effectiveFrom')} type="date" value={effectiveFrom} onValueChange={setEffectiveFrom} error={errors['pl-effective']} required />
          </div>
        </div>
        <h2 className="h4 mt-3">{t('admin.catalog.quota')}</h2>
        <QuotaEditor value={quota} onChange={setQuota} errors={errors} />
        <h2 className="h4 mt-3">{t('admin.priceLists.servicesTitle')}</h2>
        <p className="small">{t('admin.priceLists.servicesHint')}</p>
        {tariffs.map((s, i) => (
          <div key={s.code} className="mb-3">
            <JsonField
              id={serviceId(i)}
              label={nameOf(s.code)}
              hint={t('admin.priceLists.serviceHint')}
              value={s.text}
              onChange={(text) => setTariffs(tariffs.map((x, j) => (j === i ? { ...x, text } : x)))}
              error={errors[serviceId(i)]}
            />
            <Button type="button" color="danger" outline size="xs" onClick={() => setTariffs(tariffs.filter((_, j) => j !== i))}>
              {t('admin.priceLists.remove', { service: nameOf(s.code) })}
            </Button>
          </div>
        ))}
        {missing.length > 0 && (
          <div className="row g-2 align-items-end mb-3">
            <div className="col-12 col-md-6">
              <SelectField
                id="pl-add"
                label={t('admin.priceLists.add')}
                value={adding}
                onValueChange={setAdding}
                options={[{ value: '', label: t('admin.priceLists.chooseService') }, ...missing.map((s) => ({ value: s.code, label: s.name }))]}
              />
            </div>
            <div className="col-12 col-md-3 form-group">
              <Button type="button" color="primary" outline onClick={addService} disabled={!adding}>
                {t('admin.priceLists.addButton')}
              </Button>
            </div>
          </div>
        )}
        <Button type="submit" color="primary" disabled={save.isPending}>
          {save.isPending ? t('admin.saving') : t('admin.priceLists.save')}
        </Button>
        <div aria-live="polite">{saved && <p className="text-success mt-2">{t('admin.priceLists.saved')}</p>}</div>
      </form>

      <PriceListPreview versionId={draft.id} />

      <section aria-labelledby="pl-publish-title" className="admin-card mt-4">
        <h2 id="pl-publish-title" className="h4">
          {t('admin.priceLists.publishTitle')}
        </h2>
        <p className="small">{t('admin.priceLists.publishIntro')}</p>
        <Button type="button" color="primary" disabled={publish.isPending || save.isPending} onClick={() => publish.mutate(draft.version)}>
          {publish.isPending ? t('admin.saving') : t('admin.priceLists.publish')}
        </Button>
        {publish.isError && (
          <ErrorAlert error={publish.error} className="mt-3">
            {fieldIssues(publish.error).map((issue) => (
              <p key={issue.path} className="mb-0 mt-1">
                {issue.message}
              </p>
            ))}
          </ErrorAlert>
        )}
      </section>
    </>
  );
}

/** /admin/catalogo/listini/:id: a draft to edit, preview and publish, or a published version to read. */
export function PriceListEditorPage() {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const { id = '' } = useParams();
  const version = usePriceListVersion(id);
  const catalog = useCatalog();
  if (version.isPending || catalog.isPending) return <Loading />;
  if (version.isError) return <ErrorAlert error={version.error} onRetry={() => void version.refetch()} />;
  if (catalog.isError) return <ErrorAlert error={catalog.error} onRetry={() => void catalog.refetch()} />;
  const v = version.data;
  return (
    <>
      <p className="mb-2">
        <Link to="/admin/catalogo">{t('admin.priceLists.back')}</Link>
      </p>
      <PageTitle className="mb-2">{v.name}</PageTitle>
      <p className="lead">
        {t('admin.priceLists.heading', { period: v.period, date: formatDate(v.effectiveFrom) })}{' '}
        {v.status === 'draft' ? t('admin.priceLists.status.draft') : t('admin.priceLists.status.published')}
      </p>
      {v.status === 'draft' ? (
        <DraftEditor key={v.id} draft={v} services={catalog.data.services} />
      ) : (
        <>
          <Alert color="info" fade={false}>
            {t('admin.priceLists.readOnly')}
          </Alert>
          <PriceListView list={v.body} services={catalog.data.services} />
        </>
      )}
      <AuditTrail entity="price_lists" recordId={v.id} />
    </>
  );
}
