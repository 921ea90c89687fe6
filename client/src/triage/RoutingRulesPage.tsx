import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { TICKET_CATEGORIES, TICKET_CHANNELS, TICKET_TYPES, URGENCIES, type RoutingActions, type RoutingConditions, type RoutingRule } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { useAssignable } from '../admin/api';
import { EntePicker, type PickedEnte } from '../admin/EntePicker';
import { useCatalog } from '../services/api';
import { useSuppliers } from '../tickets/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useReorderRoutingRules, useRoutingRules, useSaveRoutingRule, useSupportGroups } from './api';

type ListKey = 'types' | 'categories' | 'urgencies' | 'channels' | 'serviceCodes' | 'supplierIds';

/** A condition as checkboxes: none ticked means "any". */
function Choices<T extends string>({ id, legend, values, label, chosen, onChange }: { id: string; legend: string; values: readonly T[]; label: (v: T) => string; chosen: readonly string[]; onChange: (v: T[]) => void }) {
  return (
    <fieldset className="mb-3 col-12 col-md-6">
      <legend className="h6">{legend}</legend>
      {values.map((v) => (
        <div className="form-check form-check-inline" key={v}>
          <input
            id={`${id}-${v}`}
            type="checkbox"
            className="form-check-input"
            checked={chosen.includes(v)}
            onChange={(e) => onChange((e.target.checked ? [...chosen, v] : chosen.filter((c) => c !== v)) as T[])}
          />
          <label htmlFor={`${id}-${v}`} className="form-check-label">
            {label(v)}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function RuleForm({ rule, onDone }: { rule: RoutingRule | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveRoutingRule();
  const groups = useSupportGroups();
  const operators = useAssignable(true);
  const suppliers = useSuppliers(true);
  const catalog = useCatalog();
  const [name, setName] = useState(rule?.name ?? '');
  const [enti, setEnti] = useState<PickedEnte[]>(rule?.enti ?? []);
  const [conditions, setConditions] = useState<RoutingConditions>(rule?.conditions ?? {});
  const [actions, setActions] = useState<RoutingActions>(rule?.actions ?? {});
  const issues = fieldIssues(save.error);
  const errorOf = (prefix: string) => issues.find((i) => i.path.startsWith(prefix))?.message;
  const id = `rule-${rule?.id ?? 'new'}`;
  const list = (k: ListKey) => (conditions[k] ?? []) as string[];
  const setList = (k: ListKey) => (v: string[]) => setConditions({ ...conditions, [k]: v.length ? v : undefined });
  const setAction = <K extends keyof RoutingActions>(k: K, v: string) => setActions({ ...actions, [k]: v === '' ? undefined : v });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const withEnti: RoutingConditions = { ...conditions, enteIds: enti.length ? enti.map((e) => e.id) : undefined };
    save.mutate(rule ? { id: rule.id, create: null, update: { version: rule.version, name, conditions: withEnti, actions } } : { id: null, create: { name, enabled: true, conditions: withEnti, actions }, update: null }, {
      onSuccess: onDone,
    });
  };
  return (
    <form onSubmit={submit} noValidate className="card card-body mb-4" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="h5">
        {rule ? t('rules.edit', { name: rule.name }) : t('rules.new')}
      </h2>
      <TextField id={`${id}-name`} label={t('rules.name')} value={name} onValueChange={setName} error={errorOf('name')} required />
      <h3 className="h6 mt-2">{t('rules.conditions')}</h3>
      <p className="small text-muted">{t('rules.conditionsHint')}</p>
      <div className="row">
        <Choices id={`${id}-type`} legend={t('rules.type')} values={TICKET_TYPES} label={(v) => t(`ticketType.${v}`)} chosen={list('types')} onChange={setList('types')} />
        <Choices id={`${id}-category`} legend={t('rules.category')} values={TICKET_CATEGORIES} label={(v) => t(`ticketCategory.${v}`)} chosen={list('categories')} onChange={setList('categories')} />
        <Choices id={`${id}-urgency`} legend={t('rules.urgency')} values={URGENCIES} label={(v) => t(`urgency.${v}`)} chosen={list('urgencies')} onChange={setList('urgencies')} />
        <Choices id={`${id}-channel`} legend={t('rules.channel')} values={TICKET_CHANNELS} label={(v) => t(`channel.${v}`)} chosen={list('channels')} onChange={setList('channels')} />
        {catalog.data && (
          <Choices
            id={`${id}-service`}
            legend={t('rules.service')}
            values={catalog.data.services.map((svc) => svc.code)}
            label={(code) => catalog.data.services.find((svc) => svc.code === code)?.name ?? code}
            chosen={list('serviceCodes')}
            onChange={setList('serviceCodes')}
          />
        )}
        {(suppliers.data?.items.length ?? 0) > 0 && (
          <Choices
            id={`${id}-supplier-condition`}
            legend={t('rules.supplierCondition')}
            values={(suppliers.data?.items ?? []).map((sup) => sup.id)}
            label={(supplierId) => suppliers.data?.items.find((sup) => sup.id === supplierId)?.name ?? supplierId}
            chosen={list('supplierIds')}
            onChange={setList('supplierIds')}
          />
        )}
        <fieldset className="mb-3 col-12 col-md-6">
          <legend className="h6">{t('rules.enti')}</legend>
          <EntePicker id={`${id}-ente`} value={enti} onChange={setEnti} label={t('rules.addEnte')} error={errorOf('conditions.enteIds')} />
        </fieldset>
      </div>
      <h3 className="h6 mt-2">{t('rules.actions')}</h3>
      <div className="row">
        <SelectField
          className="mb-3 col-12 col-md-6"
          id={`${id}-group`}
          label={t('rules.group')}
          value={actions.groupKey ?? ''}
          onValueChange={(v) => setAction('groupKey', v)}
          options={[{ value: '', label: t('rules.none') }, ...(groups.data?.items ?? []).filter((g) => g.active).map((g) => ({ value: g.key, label: g.name }))]}
          error={errorOf('actions.groupKey')}
        />
        <SelectField
          className="mb-3 col-12 col-md-6"
          id={`${id}-operator`}
          label={t('rules.operator')}
          value={actions.assigneeId ?? ''}
          onValueChange={(v) => setAction('assigneeId', v)}
          options={[{ value: '', label: t('rules.none') }, ...(operators.data ?? []).filter((u) => u.role !== 'approver').map((u) => ({ value: u.id, label: u.name }))]}
          error={errorOf('actions.assigneeId')}
        />
        <SelectField
          className="mb-3 col-12 col-md-6"
          id={`${id}-supplier`}
          label={t('rules.supplier')}
          value={actions.supplierId ?? ''}
          onValueChange={(v) => setAction('supplierId', v)}
          options={[{ value: '', label: t('rules.none') }, ...(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]}
          error={errorOf('actions.supplierId')}
        />
        <SelectField
          className="mb-3 col-12 col-md-6"
          id={`${id}-set-urgency`}
          label={t('rules.setUrgency')}
          value={actions.urgency ?? ''}
          onValueChange={(v) => setAction('urgency', v)}
          options={[{ value: '', label: t('rules.none') }, ...URGENCIES.map((u) => ({ value: u, label: t(`urgency.${u}`) }))]}
        />
        <div className="col-12 col-md-6">
          <TextField id={`${id}-label`} label={t('rules.label')} value={actions.label ?? ''} onValueChange={(v) => setAction('label', v)} error={errorOf('actions.label')} />
        </div>
      </div>
      {errorOf('actions') && !errorOf('actions.') && (
        <div className="invalid-feedback d-block mb-2" role="alert">
          {errorOf('actions')}
        </div>
      )}
      {save.isError && issues.length === 0 && <ErrorAlert error={save.error} className="mb-3" />}
      <div className="d-flex gap-2">
        <Button type="submit" color="primary" size="sm" disabled={save.isPending}>
          {save.isPending ? t('admin.saving') : t('rules.save')}
        </Button>
        <Button type="button" color="secondary" outline size="sm" onClick={onDone}>
          {t('groups.cancel')}
        </Button>
      </div>
    </form>
  );
}

/** Admin page of the routing rules: the ordered list (move up/down, enable), create and edit. */
export function RoutingRulesPage() {
  const { t } = useTranslation();
  const rules = useRoutingRules();
  const save = useSaveRoutingRule();
  const reorder = useReorderRoutingRules();
  const [editing, setEditing] = useState<string | null>(null);
  if (rules.isPending) return <Loading />;
  if (rules.isError) return <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} />;
  const items = rules.data.items;
  const current = items.find((r) => r.id === editing) ?? null;
  const move = (index: number, by: number) => {
    const ids = items.map((r) => r.id);
    const [moved] = ids.splice(index, 1);
    if (moved) ids.splice(index + by, 0, moved);
    reorder.mutate(ids);
  };
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.rules.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.rules.intro')}</p>
      {editing === null && (
        <Button color="primary" size="sm" className="mb-4" onClick={() => setEditing('')}>
          {t('rules.new')}
        </Button>
      )}
      {editing !== null && <RuleForm key={editing} rule={current} onDone={() => setEditing(null)} />}
      {(reorder.isError || save.isError) && <ErrorAlert error={reorder.error ?? save.error} className="mb-3" />}
      {items.length === 0 ? (
        <p className="text-muted">{t('rules.empty')}</p>
      ) : (
        <ol className="list-group">
          {items.map((r, i) => (
            <li key={r.id} className="list-group-item d-flex flex-wrap gap-2 align-items-center">
              <span className="flex-grow-1">
                <strong>{r.name}</strong> {!r.enabled && <span className="badge bg-secondary ms-1">{t('rules.disabled')}</span>}
              </span>
              <Button color="primary" outline size="xs" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)}>
                {t('rules.up')}
                <span className="visually-hidden"> {r.name}</span>
              </Button>
              <Button color="primary" outline size="xs" disabled={i === items.length - 1 || reorder.isPending} onClick={() => move(i, 1)}>
                {t('rules.down')}
                <span className="visually-hidden"> {r.name}</span>
              </Button>
              <Button color="primary" outline size="xs" onClick={() => save.mutate({ id: r.id, create: null, update: { version: r.version, enabled: !r.enabled } })}>
                {r.enabled ? t('rules.disable') : t('rules.enable')}
                <span className="visually-hidden"> {r.name}</span>
              </Button>
              <Button color="primary" outline size="xs" onClick={() => setEditing(r.id)}>
                {t('groups.editButton')}
                <span className="visually-hidden"> {r.name}</span>
              </Button>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
