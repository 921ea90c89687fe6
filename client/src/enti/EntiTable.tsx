import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { EnteSummary } from '@cit/shared';
import { enteRowId } from './focusEnte';

interface EntiTableProps {
  enti: readonly EnteSummary[];
  busy: boolean;
  linkTo?: (id: string) => string;
}

/** Tablet and desktop: a table (narrow screens get EntiCardList instead). */
export function EntiTable({ enti, busy, linkTo }: EntiTableProps) {
  const { t } = useTranslation();
  return (
    <div className="table-responsive d-none d-md-block">
      <table className="table enti-table" aria-busy={busy}>
        <caption className="visually-hidden">{t('enti.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('enti.colName')}</th>
            <th scope="col">{t('enti.colKind')}</th>
            <th scope="col">{t('enti.colFiscalCode')}</th>
            <th scope="col">{t('enti.colPec')}</th>
          </tr>
        </thead>
        <tbody>
          {enti.map((ente) => (
            <tr key={ente.id}>
              <th scope="row" id={enteRowId(ente.id)} tabIndex={-1}>
                {linkTo ? <Link to={linkTo(ente.id)}>{ente.name}</Link> : ente.name}
                {!ente.active && <span className="badge bg-secondary ms-2">{t('enti.inactive')}</span>}
              </th>
              <td>{t(`enteKinds.${ente.kind}`)}</td>
              <td className="font-monospace">{ente.fiscalCode}</td>
              <td className="enti-pec">{ente.pec ?? <span className="text-muted">{t('enti.noPec')}</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
