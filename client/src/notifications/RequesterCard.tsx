import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, type RequesterCard as Card } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { useServiceOf } from '../services/api';
import { StatusBadge } from '../tickets/badges';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useRequesterCard } from './api';

function ServiceName({ code }: { code: string }) {
  const service = useServiceOf(code);
  return <>{service?.name ?? <span className="font-monospace">{code}</span>}</>;
}

function TicketLinks({ items }: { items: Card['openTickets'] }) {
  return (
    <ul className="list-unstyled mb-2">
      {items.map((t) => (
        <li key={t.id} className="mb-1">
          <Link to={`/ticket/${t.id}`}>
            <span className="font-monospace">{t.protocol}</span> {t.title}
          </Link>{' '}
          <StatusBadge status={t.status} short />
        </li>
      ))}
    </ul>
  );
}

/** Staff only: who asked and how to reach them, what else the Ente has open or just closed, what it uses. */
export function RequesterCard({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const card = useRequesterCard(ticketId, can(user, 'tickets.requester-card'));
  if (!can(user, 'tickets.requester-card')) return null;
  if (card.isError) return <ErrorAlert error={card.error} onRetry={() => void card.refetch()} />;
  if (!card.data) return null;
  const c = card.data;
  return (
    <section className="requester-card mb-4" aria-labelledby="requester-card-title" data-testid="requester-card">
      <h2 id="requester-card-title" className="h5">
        {t('requesterCard.title')}
      </h2>
      <dl className="ticket-facts">
        <dt>{t('requesterCard.name')}</dt>
        <dd>{c.requester.name}</dd>
        <dt>{t('requesterCard.email')}</dt>
        <dd className="text-break">
          <a href={`mailto:${c.requester.email}`}>{c.requester.email}</a>
        </dd>
        <dt>{t('requesterCard.phone')}</dt>
        <dd>{c.requester.phone ? <a href={`tel:${c.requester.phone.replace(/[^+0-9]/g, '')}`}>{c.requester.phone}</a> : t('requesterCard.noPhone')}</dd>
        <dt>{t('requesterCard.ente')}</dt>
        <dd>{can(user, 'enti.read') ? <Link to={`/admin/enti/${c.ente.id}`}>{c.ente.name}</Link> : c.ente.name}</dd>
      </dl>
      <h3 className="h6">{t('requesterCard.open', { count: c.openCount })}</h3>
      {c.openTickets.length > 0 ? <TicketLinks items={c.openTickets} /> : <p className="small">{t('requesterCard.noneOpen')}</p>}
      {c.openCount > c.openTickets.length && (
        <p className="small">
          <Link to={`/ticket?enteId=${c.ente.id}`}>{t('requesterCard.allTickets')}</Link>
        </p>
      )}
      <h3 className="h6">{t('requesterCard.closed')}</h3>
      {c.recentlyClosed.length > 0 ? <TicketLinks items={c.recentlyClosed} /> : <p className="small">{t('requesterCard.noneClosed')}</p>}
      <h3 className="h6">{t('requesterCard.services', { count: c.servicesCount })}</h3>
      {c.services.length > 0 ? (
        <ul className="list-unstyled mb-2 small">
          {c.services.map((s) => (
            <li key={s.id}>
              <ServiceName code={s.serviceCode} />
              {s.unitLabel && <span className="text-muted"> · {s.unitLabel}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="small">{t('requesterCard.noServices')}</p>
      )}
      <p className="small mb-0">
        <Link to={`/servizi?ente=${c.ente.id}`}>{t('requesterCard.allServices')}</Link>
      </p>
    </section>
  );
}
