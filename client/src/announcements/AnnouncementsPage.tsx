import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { Announcement } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { AnnouncementForm } from './AnnouncementForm';
import { useAdminAnnouncements, useEndAnnouncement } from './api';

/** The admins' announcements: publish one, change it, end it early; the list shows the current and scheduled ones first. */
export function AnnouncementsPage() {
  const { t, i18n } = useTranslation();
  const list = useAdminAnnouncements();
  const end = useEndAnnouncement();
  const [editing, setEditing] = useState<Announcement | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [done, setDone] = useState('');
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Rome' });
  const items = list.data?.items ?? [];

  const openForm = (a: Announcement | null) => {
    setEditing(a);
    setFormKey((k) => k + 1);
  };

  return (
    <>
      <PageTitle className="mb-2">{t('admin.sections.announcements.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.sections.announcements.intro')}</p>
      <p className="text-success fw-semibold" role="status">
        {done}
      </p>
      <AnnouncementForm
        key={formKey}
        editing={editing}
        onDone={(message) => {
          setDone(message);
          openForm(null);
        }}
      />
      {end.isError && <ErrorAlert error={end.error} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p>{t('announcements.admin.empty')}</p>
      ) : (
        <div className="table-responsive">
          <table className="table align-middle admin-table">
            <caption className="visually-hidden">{t('admin.sections.announcements.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('announcements.admin.title')}</th>
                <th scope="col">{t('announcements.admin.status')}</th>
                <th scope="col">{t('announcements.admin.period')}</th>
                <th scope="col">{t('announcements.admin.audience')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('announcements.admin.commands')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.title}
                    <span className="d-block small fw-normal">{t(`announcements.severity.${a.severity}`)}</span>
                  </th>
                  <td>{t(`announcements.status.${a.status}`)}</td>
                  <td className="small">
                    {when.format(new Date(a.startsAt))} – {when.format(new Date(a.endsAt))}
                  </td>
                  <td className="small">
                    {[a.allEnti ? t('announcements.admin.allEnti') : a.enti.map((e) => e.name).join(', '), a.includeStaff ? t('announcements.admin.staff') : '']
                      .filter(Boolean)
                      .join(' · ')}
                  </td>
                  <td className="text-nowrap">
                    {a.status !== 'ended' && (
                      <>
                        <Button color="primary" outline size="sm" className="me-2" onClick={() => openForm(a)} aria-label={t('announcements.admin.edit', { title: a.title })}>
                          {t('announcements.admin.editShort')}
                        </Button>
                        <Button
                          color="danger"
                          outline
                          size="sm"
                          disabled={end.isPending}
                          aria-label={t('announcements.admin.end', { title: a.title })}
                          onClick={() => end.mutate({ id: a.id, version: a.version }, { onSuccess: () => setDone(t('announcements.admin.ended', { title: a.title })) })}
                        >
                          {t('announcements.admin.endShort')}
                        </Button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
