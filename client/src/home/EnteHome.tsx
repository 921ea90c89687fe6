import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Col, Row } from 'design-react-kit';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { useEnteHome } from './api';
import { HomeAnnouncements } from './HomeAnnouncements';
import { HomeDues } from './HomeDues';
import { HomeRequests } from './HomeRequests';
import { HomeSearch } from './HomeSearch';
import { HomeServices } from './HomeServices';
import './home.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Ente's home as a self-service hub, in this order: search, requests in progress, services and allowances,
 * amounts due and deadlines, announcements. One request feeds it (GET /api/ente/home); a capofila referent picks
 * the Ente (kept in the address, `?ente=`), by default its own.
 */
export function EnteHome() {
  const { t } = useTranslation();
  const selectId = useId();
  const [params, setParams] = useSearchParams();
  const chosen = UUID.test(params.get('ente') ?? '') ? (params.get('ente') as string) : '';
  const home = useEnteHome(chosen);
  const data = home.data;
  const enteId = data?.ente.id ?? chosen;
  return (
    <div className="ente-home" aria-busy={home.isFetching}>
      {data && data.enti.length > 1 && (
        <div className="select-wrapper home-ente-select mb-4">
          <label htmlFor={selectId}>{t('enteHome.ente')}</label>
          <select
            id={selectId}
            value={data.ente.id}
            onChange={(e) => setParams((p) => {
              p.set('ente', e.target.value);
              return p;
            })}
          >
            {data.enti.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <HomeSearch enteId={enteId} />
      {home.isPending ? (
        <Loading minHeight="24rem" />
      ) : home.isError ? (
        <ErrorAlert error={home.error} onRetry={() => void home.refetch()} className="mt-4" />
      ) : (
        <Row className="g-4 mt-1">
          <Col xs={12} lg={7}>
            <HomeRequests requests={home.data.requests} enteId={home.data.ente.id} />
          </Col>
          <Col xs={12} lg={5}>
            <HomeServices services={home.data.services} />
          </Col>
          <Col xs={12} lg={7}>
            <HomeDues home={home.data} />
          </Col>
          <Col xs={12} lg={5}>
            <HomeAnnouncements />
          </Col>
        </Row>
      )}
    </div>
  );
}
