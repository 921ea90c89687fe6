import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteInfo } from '@cit/shared';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { useSiteInfo } from './api';

/** One of the pages every PA site publishes, filled with the CIT's configured texts (in Italian, as published). */
function SiteInfoPage({ title, children }: { title: string; children: (info: SiteInfo) => ReactNode }) {
  const info = useSiteInfo();
  return (
    <div className="public-page">
      <PageTitle className="mb-4">{title}</PageTitle>
      {info.isPending && <Loading />}
      {info.isError && <ErrorAlert error={info.error} onRetry={() => void info.refetch()} />}
      {info.data && children(info.data)}
    </div>
  );
}

const Paragraphs = ({ items }: { items: readonly string[] }) => (
  <div lang="it">
    {items.map((p, i) => (
      <p key={i}>{p}</p>
    ))}
  </div>
);

export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <SiteInfoPage title={t('publicPages.accessibility.title')}>
      {(info) => (
        <>
          <p>{t('publicPages.accessibility.intro')}</p>
          <p>
            <a href={info.accessibilityStatementUrl} rel="noopener noreferrer" target="_blank">
              {t('publicPages.accessibility.link')}
              <span className="visually-hidden"> {t('publicPages.newWindow')}</span>
            </a>
          </p>
          <p>{t('publicPages.accessibility.feedback', { email: info.contacts.email })}</p>
        </>
      )}
    </SiteInfoPage>
  );
}

export function PrivacyPage() {
  const { t } = useTranslation();
  return <SiteInfoPage title={t('publicPages.privacy.title')}>{(info) => <Paragraphs items={info.privacyNotice} />}</SiteInfoPage>;
}

export function LegalNotesPage() {
  const { t } = useTranslation();
  return <SiteInfoPage title={t('publicPages.legal.title')}>{(info) => <Paragraphs items={info.legalNotes} />}</SiteInfoPage>;
}

export function ContactsPage() {
  const { t } = useTranslation();
  return (
    <SiteInfoPage title={t('publicPages.contacts.title')}>
      {({ contacts: c }) => (
        <dl className="public-contacts">
          <dt>{t('publicPages.contacts.office')}</dt>
          <dd>{c.office}</dd>
          <dt>{t('publicPages.contacts.address')}</dt>
          <dd>{c.address}</dd>
          <dt>{t('publicPages.contacts.email')}</dt>
          <dd>
            <a href={`mailto:${c.email}`}>{c.email}</a>
          </dd>
          <dt>{t('publicPages.contacts.pec')}</dt>
          <dd>
            <a href={`mailto:${c.pec}`}>{c.pec}</a>
          </dd>
          <dt>{t('publicPages.contacts.phone')}</dt>
          <dd>
            <a href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>{c.phone}</a>
          </dd>
          <dt>{t('publicPages.contacts.hours')}</dt>
          <dd lang="it">{c.hours}</dd>
        </dl>
      )}
    </SiteInfoPage>
  );
}
