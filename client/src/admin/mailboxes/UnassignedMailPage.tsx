import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from 'design-react-kit';
import { z } from 'zod';
import { UnassignedMailListSchema, type UnassignedMail } from '@cit/shared';
import { apiRequest } from '../../api/client';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { EnteSelect } from '../../tickets/EnteSelect';
import { useFormatDateTime } from '../../tickets/format';

const KEY = ['admin', 'unassigned-mail'] as const;
const Created = z.object({ ticketId: z.uuid() });

/** /admin/posta-non-assegnata: messages no Ente or ticket could be matched to; file them as a ticket or discard them. */
export function UnassignedMailPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: KEY, queryFn: ({ signal }) => apiRequest('/api/unassigned-mail', { schema: UnassignedMailListSchema, signal }) });
  const [done, setDone] = useState<{ text: string; ticketId?: string } | null>(null);
  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.unassignedMail.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.unassignedMail.intro')}</p>
      <p aria-live="polite" className="text-success">
        {done?.text}
        {done?.ticketId && (
          <>
            {' '}
            <Link to={`/ticket/${done.ticketId}`}>{t('admin.unassignedMail.openTicket')}</Link>
          </>
        )}
      </p>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <p className="ticket-empty">{t('admin.unassignedMail.empty')}</p>
      ) : (
        <ul className="failure-list">
          {list.data.map((m) => (
            <UnassignedItem key={m.id} mail={m} onDone={setDone} />
          ))}
        </ul>
      )}
    </>
  );
}

function UnassignedItem({ mail, onDone }: { mail: UnassignedMail; onDone: (d: { text: string; ticketId?: string }) => void }) {
  const { t } = useTranslation();
  const format = useFormatDateTime();
  const client = useQueryClient();
  const [enteId, setEnteId] = useState('');
  const toTicket = useMutation({
    mutationFn: () => apiRequest(`/api/unassigned-mail/${mail.id}/ticket`, { method: 'POST', body: { enteId }, schema: Created }),
    onSuccess: (r) => {
      onDone({ text: t('admin.unassignedMail.filed', { subject: mail.subject }), ticketId: r.ticketId });
      return client.invalidateQueries({ queryKey: KEY });
    },
  });
  const discard = useMutation({
    mutationFn: () => apiRequest(`/api/unassigned-mail/${mail.id}/discard`, { method: 'POST' }),
    onSuccess: () => {
      onDone({ text: t('admin.unassignedMail.discarded', { subject: mail.subject }) });
      return client.invalidateQueries({ queryKey: KEY });
    },
  });
  const headingId = `um-${mail.id}`;
  return (
    <li className="failure-item flex-column align-items-stretch" aria-labelledby={headingId}>
      <h2 id={headingId} className="h5 mb-1 text-break">
        {mail.subject || t('admin.unassignedMail.noSubject')}
      </h2>
      <p className="small mb-1 text-break">
        {t('admin.unassignedMail.from', { from: mail.fromName ? `${mail.fromName} <${mail.fromAddress ?? ''}>` : (mail.fromAddress ?? '–') })} ·{' '}
        {format(mail.receivedAt)}
        {mail.mailboxName ? ` · ${mail.mailboxName}` : ''}
      </p>
      <p className="small mb-2">{t('admin.unassignedMail.reason', { reason: mail.reason })}</p>
      {mail.body && (
        <details className="mb-2">
          <summary>{t('admin.unassignedMail.showText')}</summary>
          <pre className="small text-wrap">{mail.body}</pre>
        </details>
      )}
      <div className="d-flex flex-wrap gap-2 align-items-end">
        <div className="flex-grow-1">
          <EnteSelect id={`ente-${mail.id}`} activeOnly label={t('admin.unassignedMail.ente')} value={enteId} emptyLabel={t('admin.unassignedMail.chooseEnte')} onValueChange={setEnteId} />
        </div>
        <Button color="primary" size="sm" disabled={!enteId || toTicket.isPending} onClick={() => toTicket.mutate()}>
          {t('admin.unassignedMail.createTicket')}
        </Button>
        <Button color="secondary" outline size="sm" disabled={discard.isPending} onClick={() => discard.mutate()}>
          {t('admin.unassignedMail.discard')}
        </Button>
      </div>
      {toTicket.isError && <ErrorAlert error={toTicket.error} className="mt-2" />}
      {discard.isError && <ErrorAlert error={discard.error} className="mt-2" />}
    </li>
  );
}
