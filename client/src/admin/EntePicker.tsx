import { useTranslation } from 'react-i18next';
import { Icon } from 'design-react-kit';
import { EnteSelect } from '../tickets/EnteSelect';

export interface PickedEnte {
  id: string;
  name: string;
}

interface EntePickerProps {
  id: string;
  value: readonly PickedEnte[];
  onChange: (value: PickedEnte[]) => void;
  error?: string;
  /** Only one Ente (a capofila user is linked to its Unione). */
  single?: boolean;
  /** Label of the select (default: "add an Ente"). */
  label?: string;
}

/** Chosen Enti as removable chips, and a searchable select to add one more. */
/** Deactivated Enti are not offered: a new link, capofila or merger target must be an active Ente. */
export function EntePicker({ id, value, onChange, error, single = false, label }: EntePickerProps) {
  const { t } = useTranslation();
  return (
    <div className="ente-picker">
      {value.length > 0 && (
        <ul className="ente-chips" aria-label={t('admin.users.chosenEnti')}>
          {value.map((e) => (
            <li key={e.id} className="ente-chip">
              <span>{e.name}</span>
              <button type="button" className="btn btn-link btn-sm p-0 ms-2" onClick={() => onChange(value.filter((x) => x.id !== e.id))}>
                <Icon icon="it-close" size="sm" aria-hidden="true" />
                <span className="visually-hidden">{t('admin.users.removeEnte', { name: e.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {!(single && value.length > 0) && (
        <EnteSelectAdd id={id} label={label} error={error} onPick={(ente) => !value.some((x) => x.id === ente.id) && onChange([...value, ente])} />
      )}
    </div>
  );
}

function EnteSelectAdd({ id, label, error, onPick }: { id: string; label?: string; error?: string; onPick: (e: PickedEnte) => void }) {
  const { t } = useTranslation();
  return (
    <EnteSelect
      id={id}
      activeOnly
      label={label ?? t('admin.users.addEnte')}
      value=""
      emptyLabel={t('admin.users.chooseEnte')}
      error={error}
      onValueChange={(enteId) => {
        if (!enteId) return;
        const option = document.querySelector<HTMLSelectElement>(`#${CSS.escape(id)}`)?.selectedOptions[0];
        onPick({ id: enteId, name: option?.textContent ?? enteId });
      }}
    />
  );
}
