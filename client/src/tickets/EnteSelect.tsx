import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../auth/currentUser';
import { TextField } from '../ui/TextField';
import { FieldMessages, fieldA11y } from '../ui/fieldParts';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { useEnteOptions } from './api';

interface EnteSelectProps {
  id: string;
  label: string;
  value: string;
  onValueChange: (id: string) => void;
  /** Text of the empty option ("Tutti gli Enti", "Scegliere l'Ente…"). */
  emptyLabel: string;
  error?: string;
  required?: boolean;
  /** Only Enti that can be chosen for something new (a ticket, a capofila, a merger target), not deactivated ones. */
  activeOnly?: boolean;
}

/** Shown only above this many Enti: a search box narrowing the select. */
const SEARCH_FROM = 30;

/** A native select of the Enti the user can see; with many Enti (staff) a search box narrows it. */
export function EnteSelect({ id, label, value, onValueChange, emptyLabel, error, required, activeOnly = false }: EnteSelectProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const searchable = user.visibleEnteCount > SEARCH_FROM;
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const enti = useEnteOptions(searchable ? q : '', true, activeOnly);
  const [chosenName, setChosenName] = useState<string | null>(null);

  const options = useMemo(() => {
    const items = enti.data?.items ?? [];
    const list = items.map((ente) => ({ value: ente.id, label: ente.name }));
    if (value && !list.some((o) => o.value === value)) list.unshift({ value, label: chosenName ?? t('tickets.selectedEnte') });
    return list;
  }, [enti.data, value, chosenName, t]);

  const { errorId } = fieldA11y(id, error);
  return (
    <div className="ente-select">
      {searchable && (
        <TextField
          id={`${id}-search`}
          type="search"
          label={t('tickets.searchEnte')}
          value={search}
          onValueChange={setSearch}
          autoComplete="off"
          maxLength={100}
          hint={t('tickets.searchEnteHint')}
        />
      )}
      <div className="select-wrapper">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          value={value}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={errorId}
          className={error ? 'is-invalid' : undefined}
          aria-busy={enti.isFetching}
          onChange={(event) => {
            const option = options.find((o) => o.value === event.target.value);
            setChosenName(option?.label ?? null);
            onValueChange(event.target.value);
          }}
        >
          <option value="">{emptyLabel}</option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <FieldMessages id={id} error={error} block />
      </div>
    </div>
  );
}
