import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';
import { Button, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import {
  TicketActionRequestSchema,
  type TicketAction,
  type TicketActionRequest,
  type TicketDetail,
} from '@cit/shared';
import { fieldIssues, isApiError } from '../api/errors';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useAssignable } from '../admin/api';
import { useSuppliers, type useTicketAction } from './api';
import { TextAreaField } from './TextAreaField';
import { useSupportGroups } from '../triage/api';

/** Actions done at once; the others open a dialog asking what they need. */
const DIRECT: readonly TicketAction[] = ['take_charge', 'resume', 'close', 'restore', 'confirm_fix'];
export type DialogAction = Exclude<TicketAction, 'take_charge' | 'resume' | 'close' | 'restore' | 'confirm_fix'>;

export const ACTION_PANEL_ID = 'ticket-actions';

const PRIMARY: readonly TicketAction[] = ['take_charge', 'solve', 'reopen', 'resume', 'restore', 'confirm_fix'];

interface ActionPanelProps {
  ticket: TicketDetail;
  /** Dialog opened from outside (keyboard shortcut `s`). */
  dialog: DialogAction | null;
  onDialogChange: (action: DialogAction | null) => void;
  onDone: (action: TicketAction) => void;
  action: ReturnType<typeof useTicketAction>;
}

/** datetime-local value ("2026-11-24T10:30") → ISO instant with offset. */
function localToIso(value: string): string | null {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** How the panel and the phone's action bar name, colour and start an action. */
export function useActionButtons(ticket: TicketDetail, action: ActionPanelProps['action'], onDialogChange: ActionPanelProps['onDialogChange'], onDone: ActionPanelProps['onDone']) {
  const { t } = useTranslation();
  const me = useMe();
  const run = (request: TicketActionRequest) => action.mutate(request, { onSuccess: () => onDone(request.action) });
  // For the Ente, closing a solved ticket accepts the solution and reopening refuses it (with the reason).
  const requesterSide = me.data?.role === 'ente_user' || me.data?.role === 'capofila_user';
  return {
    run,
    label: (a: TicketAction) =>
      requesterSide && ticket.status === 'solved' && (a === 'close' || a === 'reopen') ? t(`actions.requester.${a}`) : t(`actions.${a}`),
    primary: (a: TicketAction) => PRIMARY.includes(a) || (requesterSide && a === 'close'),
    start: (a: TicketAction) => (DIRECT.includes(a) ? run({ action: a } as TicketActionRequest) : onDialogChange(a as DialogAction)),
  };
}

export function ActionPanel({ ticket, dialog, onDialogChange, onDone, action }: ActionPanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const { run, label, primary, start } = useActionButtons(ticket, action, onDialogChange, onDone);
  const actions = ticket.allowedActions;
  if (actions.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="ticket-actions" id={ACTION_PANEL_ID} tabIndex={-1}>
      <h2 id={headingId} className="h5 mb-3">
        {t('actions.title')}
      </h2>
      <div className="d-flex flex-wrap gap-2">
        {actions.map((a) => (
          <Button
            key={a}
            color={primary(a) ? 'primary' : a === 'delete' ? 'danger' : 'secondary'}
            outline={!primary(a)}
            size="sm"
            disabled={action.isPending}
            aria-keyshortcuts={a === 'take_charge' ? 't' : a === 'solve' ? 's' : undefined}
            onClick={() => start(a)}
          >
            {label(a)}
          </Button>
        ))}
      </div>
      {action.isError && !dialog && (
        <ErrorAlert error={action.error} title={t('actions.failed')} className="mt-3">
          {isApiError(action.error, 'transition_not_allowed') && <p className="mb-0 mt-1">{t('actions.refreshed')}</p>}
        </ErrorAlert>
      )}
      {dialog && (
        <ActionDialog
          ticket={ticket}
          action={dialog}
          mutation={action}
          onClose={() => {
            onDialogChange(null);
            action.reset();
          }}
          onSubmit={run}
        />
      )}
    </section>
  );
}

interface ActionDialogProps {
  ticket: TicketDetail;
  action: DialogAction;
  mutation: ReturnType<typeof useTicketAction>;
  onClose: () => void;
  onSubmit: (request: TicketActionRequest) => void;
}

function ActionDialog({ ticket, action, mutation, onClose, onSubmit }: ActionDialogProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const titleId = useId();
  const [text, setText] = useState('');
  const [when, setWhen] = useState('');
  const [group, setGroup] = useState<string>(ticket.group ?? '');
  const [supplierId, setSupplierId] = useState<string>(ticket.supplier?.id ?? '');
  const [assigneeId, setAssigneeId] = useState<string>(ticket.assignee?.id ?? '');
  const assignable = useAssignable(action === 'assign');
  const [error, setError] = useState<string | undefined>();
  const suppliers = useSuppliers(action === 'assign');
  const groups = useSupportGroups(action === 'assign');
  const firstField = useRef<HTMLTextAreaElement & HTMLInputElement>(null);

  useEffect(() => {
    // Server-side field messages (validation_error) go under the field.
    const issue = fieldIssues(mutation.error)[0];
    if (issue) setError(issue.message);
  }, [mutation.error]);

  const build = (): TicketActionRequest | string => {
    let request: unknown;
    switch (action) {
      case 'assign':
        request = {
          action,
          ...(assigneeId !== (ticket.assignee?.id ?? '') ? { assigneeId: assigneeId || null } : {}),
          group: group || null,
          supplierId: supplierId || null,
        };
        break;
      case 'plan': {
        const iso = localToIso(when);
        if (!iso) return t('actions.errors.when');
        request = { action, plannedFor: iso };
        break;
      }
      case 'suspend':
      case 'delete':
        request = { action, reason: text.trim() === '' && action === 'delete' ? undefined : text };
        break;
      case 'solve':
      case 'deliver':
        request = { action, solution: text };
        break;
      case 'reopen':
        request = { action, message: text };
        break;
    }
    const parsed = TicketActionRequestSchema.safeParse(request);
    return parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? t('actions.errors.invalid'));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = build();
    if (typeof request === 'string') {
      setError(request);
      firstField.current?.focus();
      return;
    }
    setError(undefined);
    onSubmit(request);
  };

  const fieldId = `action-${action}-field`;
  const textLabel = {
    suspend: t('actions.fields.reason'),
    delete: t('actions.fields.deleteReason'),
    solve: t('actions.fields.solution'),
    deliver: t('actions.fields.fix'),
    reopen: t('actions.fields.message'),
  } as const;

  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} centered size="lg" returnFocusAfterClose onOpened={() => firstField.current?.focus()}>
      <form onSubmit={submit} noValidate>
        <div className="modal-header">
          <h2 className="modal-title h5" id={titleId}>
            {t(`actions.dialog.${action}`)}
          </h2>
        </div>
        <ModalBody>
          <p className="small text-muted">{t('actions.dialogTicket', { protocol: ticket.protocol, title: ticket.title })}</p>
          {action === 'assign' && (
            <>
              <SelectField
                className="mb-4"
                id="assign-operator"
                label={t('actions.fields.operator')}
                value={assigneeId}
                onValueChange={setAssigneeId}
                options={[
                  { value: '', label: t('actions.fields.noOperator') },
                  { value: user.id, label: t('actions.fields.me', { name: user.name }) },
                  ...(assignable.data ?? []).filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: `${u.name} (${t(`roles.${u.role}`)})` })),
                  ...(ticket.assignee && ticket.assignee.id !== user.id && !(assignable.data ?? []).some((u) => u.id === ticket.assignee?.id)
                    ? [{ value: ticket.assignee.id, label: ticket.assignee.name }]
                    : []),
                ]}
              />
              {assignable.isError && <p className="small text-muted">{t('actions.fields.operatorsUnavailable')}</p>}
              <SelectField
                className="mb-4"
                id={fieldId}
                label={t('actions.fields.group')}
                value={group}
                onValueChange={setGroup}
                options={[
                  { value: '', label: t('actions.fields.noGroup') },
                  ...(groups.data?.items ?? []).filter((g) => g.active || g.key === ticket.group).map((g) => ({ value: g.key, label: g.name })),
                ]}
              />
              <SelectField
                className="mb-4"
                id="assign-supplier"
                label={t('actions.fields.supplier')}
                value={supplierId}
                onValueChange={setSupplierId}
                options={[
                  { value: '', label: t('actions.fields.noSupplier') },
                  ...(suppliers.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
                ]}
              />
              {error && <div className="invalid-feedback d-block" role="alert">{error}</div>}
            </>
          )}
          {action === 'plan' && (
            <TextField
              id={fieldId}
              inputRef={firstField}
              type="datetime-local"
              label={t('actions.fields.when')}
              value={when}
              onValueChange={setWhen}
              required
              error={error}
            />
          )}
          {(action === 'suspend' || action === 'delete' || action === 'solve' || action === 'deliver' || action === 'reopen') && (
            <TextAreaField
              id={fieldId}
              textareaRef={firstField}
              label={textLabel[action]}
              value={text}
              onValueChange={setText}
              required={action !== 'delete'}
              rows={action === 'solve' || action === 'deliver' || action === 'reopen' ? 6 : 3}
              maxLength={action === 'suspend' || action === 'delete' ? 2000 : 20_000}
              error={error}
            />
          )}
          {mutation.isError && !fieldIssues(mutation.error).length && <ErrorAlert error={mutation.error} title={t('actions.failed')} />}
        </ModalBody>
        <ModalFooter>
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color={action === 'delete' ? 'danger' : 'primary'} disabled={mutation.isPending}>
            {mutation.isPending ? t('actions.working') : t(`actions.confirm.${action}`)}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}
