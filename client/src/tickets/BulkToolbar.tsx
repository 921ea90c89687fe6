import './operator-tools.css';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { BulkTicketRequestSchema, type BulkTicketResult, type TicketSummary } from '@cit/shared';
import { useSupportGroups } from '../triage/api';
import { useAssignable } from '../admin/api';
import { useCurrentUser } from '../auth/currentUser';
import { useCannedReplies } from '../canned-replies/api';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { useBulkAction } from './relationsApi';
import { TextAreaField } from './TextAreaField';

const KINDS = ['assign', 'group', 'status', 'followup', 'canned', 'merge'] as const;
type Kind = (typeof KINDS)[number];
/** Status changes offered in bulk; suspend and solve need a text, the others none. */
const STATUS_ACTIONS = ['take_charge', 'suspend', 'resume', 'solve', 'close', 'delete', 'restore'] as const;
type StatusAction = (typeof STATUS_ACTIONS)[number];
const NEEDS_TEXT: readonly StatusAction[] = ['suspend', 'solve'];

interface BulkToolbarProps {
  /** The selected tickets shown in the queue, in its order. */
  selected: readonly TicketSummary[];
  onClear: () => void;
  /** Tickets that changed: taken out of the selection (the ones that could not change stay selected). */
  onDone: (changed: readonly string[]) => void;
}

/**
 * The bulk toolbar of the operator queue: one action for every selected ticket, in one request. The server works
 * each ticket on its own and answers what could not change and why; that report is shown here, focused.
 */
export function BulkToolbar({ selected, onClear, onDone }: BulkToolbarProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const headingId = useId();
  const [kind, setKind] = useState<Kind>('assign');
  const [assignee, setAssignee] = useState(user.id);
  const [group, setGroup] = useState<string>('');
  const groups = useSupportGroups();
  const [statusAction, setStatusAction] = useState<StatusAction>('take_charge');
  const [text, setText] = useState('');
  const [isPrivate, setPrivate] = useState(false);
  const [cannedId, setCannedId] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [report, setReport] = useState<BulkTicketResult | null>(null);
  const reportRef = useRef<HTMLDivElement>(null);
  const assignable = useAssignable(kind === 'assign');
  const canned = useCannedReplies(kind === 'canned');
  const bulk = useBulkAction();

  const operation = (): unknown => {
    switch (kind) {
      case 'assign':
        return { kind: 'action', request: { action: 'assign', assigneeId: assignee || null } };
      case 'group':
        return { kind: 'action', request: { action: 'assign', group: group || null } };
      case 'status':
        if (statusAction === 'suspend') return { kind: 'action', request: { action: 'suspend', reason: text } };
        if (statusAction === 'solve') return { kind: 'action', request: { action: 'solve', solution: text } };
        return { kind: 'action', request: { action: statusAction } };
      case 'followup':
        return { kind: 'followup', followUp: { body: text, private: isPrivate } };
      case 'canned':
        return { kind: 'canned_reply', cannedReplyId: cannedId };
      case 'merge':
        return { kind: 'merge', targetId: target || selected[0]?.id };
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (bulk.isPending) return;
    const parsed = BulkTicketRequestSchema.safeParse({ ticketIds: selected.map((x) => x.id), operation: operation() });
    if (!parsed.success) {
      setError(kind === 'canned' && !cannedId ? t('bulk.chooseCanned') : (parsed.error.issues[0]?.message ?? t('bulk.invalid')));
      return;
    }
    setError(undefined);
    setReport(null);
    bulk.mutate(parsed.data, {
      onSuccess: (result) => {
        setReport(result);
        setText('');
        onDone(result.results.filter((r) => r.ok).map((r) => r.ticketId));
        // The report is where the outcome is read (the toolbar may be gone if every ticket changed).
        window.setTimeout(() => reportRef.current?.focus(), 0);
      },
    });
  };

  const textNeeded = kind === 'followup' || (kind === 'status' && NEEDS_TEXT.includes(statusAction));
  const operators = assignable.data ?? [];
  const failures = report?.results.filter((r) => !r.ok) ?? [];

  if (selected.length === 0 && !report) return null;
  // Docked at the bottom of the window: ticking a row must not push the queue down under the operator's hand.
  return (
    <>
      <div className="bulk-dock-spacer" aria-hidden="true" />
      <div className="bulk-dock">
      {selected.length > 0 && (
        <section className="bulk-toolbar" aria-labelledby={headingId}>
          <h2 id={headingId} className="h6 mb-2">
            {t('bulk.title', { count: selected.length })}
          </h2>
          <form className="bulk-form" onSubmit={submit} noValidate aria-busy={bulk.isPending}>
            <SelectField
              id="bulk-kind"
              label={t('bulk.action')}
              value={kind}
              onValueChange={(v) => {
                setKind(v as Kind);
                setError(undefined);
              }}
              options={KINDS.map((k) => ({ value: k, label: t(`bulk.kinds.${k}`) }))}
            />
            {kind === 'assign' && (
              <SelectField
                id="bulk-assignee"
                label={t('actions.fields.operator')}
                value={assignee}
                onValueChange={setAssignee}
                options={[
                  { value: '', label: t('actions.fields.noOperator') },
                  { value: user.id, label: t('actions.fields.me', { name: user.name }) },
                  ...operators.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name })),
                ]}
              />
            )}
            {kind === 'group' && (
              <SelectField
                id="bulk-group"
                label={t('actions.fields.group')}
                value={group}
                onValueChange={setGroup}
                options={[{ value: '', label: t('actions.fields.noGroup') }, ...(groups.data?.items ?? []).filter((g) => g.active).map((g) => ({ value: g.key, label: g.name }))]}
              />
            )}
            {kind === 'status' && (
              <SelectField
                id="bulk-status"
                label={t('bulk.statusAction')}
                value={statusAction}
                onValueChange={(v) => setStatusAction(v as StatusAction)}
                options={STATUS_ACTIONS.map((a) => ({ value: a, label: t(`actions.${a}`) }))}
              />
            )}
            {kind === 'canned' && (
              <SelectField
                id="bulk-canned"
                label={t('bulk.canned')}
                value={cannedId}
                onValueChange={setCannedId}
                options={[{ value: '', label: t('bulk.chooseCanned') }, ...(canned.data?.items ?? []).map((r) => ({ value: r.id, label: r.name }))]}
              />
            )}
            {kind === 'merge' && (
              <SelectField
                id="bulk-merge-target"
                label={t('bulk.mergeTarget')}
                value={target || (selected[0]?.id ?? '')}
                onValueChange={setTarget}
                options={selected.map((x) => ({ value: x.id, label: `${x.protocol} – ${x.title}` }))}
              />
            )}
            {textNeeded && (
              <TextAreaField
                id="bulk-text"
                className="bulk-text"
                label={kind === 'followup' ? t('followUp.body') : statusAction === 'solve' ? t('actions.fields.solution') : t('actions.fields.reason')}
                value={text}
                onValueChange={setText}
                rows={2}
                maxLength={kind === 'followup' ? 20_000 : statusAction === 'suspend' ? 2000 : 20_000}
              />
            )}
            {kind === 'followup' && (
              <div className="form-check bulk-private">
                <input id="bulk-private" type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
                <label htmlFor="bulk-private">{t('followUp.private')}</label>
              </div>
            )}
            <div className="bulk-buttons">
              <Button type="submit" color="primary" size="sm" disabled={bulk.isPending}>
                {bulk.isPending ? t('bulk.working') : t('bulk.apply', { count: selected.length })}
              </Button>
              <Button type="button" color="secondary" outline size="sm" onClick={onClear}>
                {t('bulk.clear')}
              </Button>
            </div>
          </form>
          {kind === 'merge' && <p className="small text-muted mb-0 mt-1">{t('bulk.mergeHint')}</p>}
          {error && (
            <p className="text-danger small fw-semibold mb-0 mt-2" role="alert">
              {error}
            </p>
          )}
          {bulk.isError && <ErrorAlert error={bulk.error} title={t('bulk.failed')} className="mt-2" />}
        </section>
      )}
      {report && (
        <div ref={reportRef} tabIndex={-1} className={failures.length ? 'alert alert-warning bulk-report' : 'alert alert-success bulk-report'} role="status">
          <p className="fw-semibold mb-1">{t('bulk.report', { succeeded: report.succeeded, total: report.results.length })}</p>
          {failures.length > 0 && (
            <>
              <p className="mb-1">{t('bulk.reportFailed', { count: failures.length })}</p>
              <ul className="mb-1">
                {failures.map((f) => (
                  <li key={f.ticketId}>
                    <span className="font-monospace">{f.protocol ?? f.ticketId}</span>: {f.message}
                  </li>
                ))}
              </ul>
            </>
          )}
          <Button color="secondary" outline size="sm" onClick={() => setReport(null)}>
            {t('bulk.closeReport')}
          </Button>
        </div>
      )}
      </div>
    </>
  );
}
