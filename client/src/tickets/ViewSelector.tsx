import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon, Modal, ModalBody, ModalFooter } from 'design-react-kit';
import { BUILT_IN_VIEW_IDS, BUILT_IN_VIEWS, sameView, type SavedView, type ViewDefinition } from '@cit/shared';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { TextField } from '../ui/TextField';
import { useCreateView, useDeleteView } from './views';
import { ShareWithGroup } from '../triage/ShareWithGroup';

const BUILT_IN = 'builtin:';
export const CUSTOM = 'custom';

/**
 * The option the selector shows for the current filters: the saved view chosen last if it still matches, else the
 * first matching built-in, own or shared view, else "custom" (filters changed by hand).
 */
export function currentView(definition: ViewDefinition, chosen: string | null, saved: readonly SavedView[]): string {
  const chosenView = saved.find((v) => v.id === chosen);
  if (chosenView && sameView(chosenView.definition, definition)) return chosenView.id;
  const builtIn = BUILT_IN_VIEW_IDS.find((id) => sameView(BUILT_IN_VIEWS[id], definition));
  if (builtIn) return BUILT_IN + builtIn;
  return saved.find((v) => sameView(v.definition, definition))?.id ?? CUSTOM;
}

interface ViewSelectorProps {
  value: string;
  saved: readonly SavedView[];
  /** A view was chosen: its definition, and the saved view's id (null for a built-in one). */
  onChoose: (definition: ViewDefinition, savedId: string | null) => void;
  definition: ViewDefinition;
}

/** "Vista": built-in views, then the operator's own, then the shared ones; "Salva vista" and "Elimina vista". */
export function ViewSelector({ value, saved, onChoose, definition }: ViewSelectorProps) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<'save' | 'delete' | null>(null);
  const own = saved.filter((v) => v.mine);
  const shared = saved.filter((v) => !v.mine);
  const selected = saved.find((v) => v.id === value);
  const choose = (option: string) => {
    if (option.startsWith(BUILT_IN)) {
      const id = option.slice(BUILT_IN.length) as keyof typeof BUILT_IN_VIEWS;
      onChoose(BUILT_IN_VIEWS[id], null);
    } else {
      const view = saved.find((v) => v.id === option);
      if (view) onChoose(view.definition, view.id);
    }
  };
  return (
    <div className="queue-views">
      <label htmlFor="queue-view" className="queue-label">
        {t('views.label')}
      </label>
      <select id="queue-view" className="queue-select" value={value} onChange={(e) => choose(e.target.value)}>
        {value === CUSTOM && <option value={CUSTOM}>{t('views.custom')}</option>}
        <optgroup label={t('views.builtIn')}>
          {BUILT_IN_VIEW_IDS.map((id) => (
            <option key={id} value={BUILT_IN + id}>
              {t(`views.builtin.${id}`)}
            </option>
          ))}
        </optgroup>
        {own.length > 0 && (
          <optgroup label={t('views.own')}>
            {own.map((v) => (
              <option key={v.id} value={v.id}>
                {v.shared ? t('views.sharedMark', { name: v.name }) : v.name}
              </option>
            ))}
          </optgroup>
        )}
        {shared.length > 0 && (
          <optgroup label={t('views.shared')}>
            {shared.map((v) => (
              <option key={v.id} value={v.id}>
                {t('views.byOwner', { name: v.name, owner: v.owner.name })}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <Button color="primary" outline size="sm" className="queue-button" onClick={() => setDialog('save')}>
        {t('views.save')}
      </Button>
      {selected?.mine && (
        <Button color="danger" outline size="sm" className="queue-button" onClick={() => setDialog('delete')}>
          <Icon icon="it-delete" size="xs" color="danger" aria-hidden="true" />
          <span className="visually-hidden">{t('views.delete', { name: selected.name })}</span>
        </Button>
      )}
      {dialog === 'save' && <SaveViewDialog definition={definition} onClose={() => setDialog(null)} onSaved={(view) => onChoose(view.definition, view.id)} />}
      {dialog === 'delete' && selected && <DeleteViewDialog view={selected} onClose={() => setDialog(null)} onDeleted={() => onChoose(BUILT_IN_VIEWS.open, null)} />}
    </div>
  );
}

function SaveViewDialog({ definition, onClose, onSaved }: { definition: ViewDefinition; onClose: () => void; onSaved: (view: SavedView) => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [groupKey, setGroupKey] = useState('');
  const [error, setError] = useState<string>();
  const create = useCreateView();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('views.nameRequired'));
      nameRef.current?.focus();
      return;
    }
    setError(undefined);
    create.mutate(
      { name: name.trim(), shared, ...(shared && groupKey && { groupKey }), definition },
      {
        onSuccess: (view) => {
          onSaved(view);
          onClose();
        },
        onError: (err) => {
          const issue = fieldIssues(err).find((i) => i.path === 'name');
          if (issue) {
            setError(issue.message);
            nameRef.current?.focus();
          }
        },
      },
    );
  };
  const otherError = create.isError && !fieldIssues(create.error).some((i) => i.path === 'name');
  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} centered returnFocusAfterClose onOpened={() => nameRef.current?.focus()}>
      <form onSubmit={submit} noValidate>
        <div className="modal-header">
          <h2 className="modal-title h5" id={titleId}>
            {t('views.saveTitle')}
          </h2>
        </div>
        <ModalBody>
          <p className="small text-muted">{t('views.saveHint')}</p>
          <TextField id="view-name" inputRef={nameRef} label={t('views.name')} value={name} onValueChange={setName} maxLength={80} required error={error} />
          <div className="form-check">
            <input id="view-shared" type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            <label htmlFor="view-shared">{t('views.shareWithStaff')}</label>
          </div>
          {shared && <ShareWithGroup value={groupKey} onChange={setGroupKey} />}
          {otherError && <ErrorAlert error={create.error} title={t('views.saveFailed')} />}
        </ModalBody>
        <ModalFooter>
          <Button type="button" color="secondary" outline onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="primary" disabled={create.isPending}>
            {t('views.saveConfirm')}
          </Button>
        </ModalFooter>
      </form>
    </Modal>
  );
}

function DeleteViewDialog({ view, onClose, onDeleted }: { view: SavedView; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const remove = useDeleteView();
  const confirm = () =>
    remove.mutate(view.id, {
      onSuccess: () => {
        onDeleted();
        onClose();
      },
    });
  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} centered returnFocusAfterClose>
      <div className="modal-header">
        <h2 className="modal-title h5" id={titleId}>
          {t('views.deleteTitle', { name: view.name })}
        </h2>
      </div>
      <ModalBody>
        <p>{view.shared ? t('views.deleteSharedHint') : t('views.deleteHint')}</p>
        {remove.isError && <ErrorAlert error={remove.error} title={t('views.deleteFailed')} />}
      </ModalBody>
      <ModalFooter>
        <Button type="button" color="secondary" outline onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button type="button" color="danger" onClick={confirm} disabled={remove.isPending}>
          {t('views.deleteConfirm')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
