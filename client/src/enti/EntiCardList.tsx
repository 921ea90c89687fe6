import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { EnteSummary } from '@cit/shared';
import { enteCardId } from './focusEnte';

interface EntiCardListProps {
  enti: readonly EnteSummary[];
  busy: boolean;
  linkTo?: (id: string) => string;
}

/** Phones: one block per Ente, label / value pairs stacked (a 4-column table does not fit). */
export function EntiCardList({ enti, busy, linkTo }: EntiCardListProps) {
  const { t } = useTranslation();
  return (
    <ul className="enti-cards d-md-none" aria-label={t('enti.caption')} aria-busy={busy}>
      {enti.map((ente) => (
        <li key={ente.id} className="enti-card">
          <p className="enti-card-name" id={enteCardId(ente.id)} tabIndex={-1}>
            {linkTo ? <Link to={linkTo(ente.id)}>{ente.name}</Link> : ente.name}
                {!ente.active && <span className="badge bg-secondary ms-2">{t('enti.inactive')}</span>}
          </p>
          <dl>
            <dt>{t('enti.colKind')}</dt>
            <dd>{t(`enteKinds.${ente.kind}`)}</dd>
            <dt>{t('enti.colFiscalCode')}</dt>
            <dd className="font-monospace">{ente.fiscalCode}</dd>
            <dt>{t('enti.colPec')}</dt>
            <dd className="enti-pec">{ente.pec ?? <span className="text-muted">{t('enti.noPec')}</span>}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}
