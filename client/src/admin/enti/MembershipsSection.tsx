import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import type { MembershipRecord } from '@cit/shared';
import { formatEuro } from '@cit/shared';
import { useFormatDate } from '../../services/format';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { FileField } from '../../ui/FileField';
import { Loading } from '../../ui/Loading';
import { AuditTrail } from '../audit/AuditTrail';
import { membershipDocumentUrl, useDeleteMembership, useMemberships, useUploadMembershipDocument } from './enteDataApi';
import { MembershipForm } from './MembershipForm';

/** The Ente's signed conventions: who signed, the delibera, start and end, payer, recorded quota and the signed document. */
export function MembershipsSection({ enteId, canEdit }: { enteId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const memberships = useMemberships(enteId);
  const remove = useDeleteMembership(enteId);
  const [editing, setEditing] = useState<MembershipRecord | 'new' | null>(null);

  const confirmDelete = (m: MembershipRecord) => {
    if (window.confirm(t('admin.membership.confirmDelete', { period: m.period }))) remove.mutate({ id: m.id, version: m.version });
  };

  return (
    <section aria-labelledby="ente-memberships" className="mb-4">
      <h2 id="ente-memberships" className="h4">
        {t('admin.enti.memberships')}
      </h2>
      {memberships.isPending ? (
        <Loading />
      ) : memberships.isError ? (
        <ErrorAlert error={memberships.error} onRetry={() => void memberships.refetch()} />
      ) : memberships.data.items.length === 0 ? (
        <p className="text-muted">{t('admin.enti.noMemberships')}</p>
      ) : (
        <ul className="ticket-cards admin-memberships">
          {memberships.data.items.map((m) => (
            <MembershipCard key={m.id} enteId={enteId} membership={m} canEdit={canEdit} onEdit={() => setEditing(m)} onDelete={() => confirmDelete(m)} />
          ))}
        </ul>
      )}
      {remove.isError && <ErrorAlert error={remove.error} title={t('admin.membership.notDeleted')} className="mt-2" />}
      {canEdit && editing === null && (
        <Button color="primary" outline size="sm" onClick={() => setEditing('new')}>
          {t('admin.membership.add')}
        </Button>
      )}
      {canEdit && editing !== null && (
        <MembershipForm key={editing === 'new' ? 'new' : editing.id} enteId={enteId} membership={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
      )}
    </section>
  );
}

interface CardProps {
  enteId: string;
  membership: MembershipRecord;
  canEdit: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function MembershipCard({ enteId, membership: m, canEdit, onEdit, onDelete }: CardProps) {
  const { t } = useTranslation();
  const formatDate = useFormatDate();
  const upload = useUploadMembershipDocument(enteId);
  const [showHistory, setShowHistory] = useState(false);
  /** The document being sent, shown by name until the upload ends. */
  const [chosen, setChosen] = useState<File | null>(null);
  const fileId = `membership-document-${m.id}`;
  const period = t('admin.enti.period', { period: m.period });
  return (
    <li className="ticket-card">
      <h3 className="h6 fw-semibold mb-1">{period}</h3>
      <dl className="ticket-card-facts">
        <dt>{t('admin.enti.signer')}</dt>
        <dd>{m.signer}</dd>
        <dt>{t('admin.membership.signerFiscalCode')}</dt>
        <dd className={m.signerFiscalCode ? 'font-monospace' : undefined}>{m.signerFiscalCode ?? t('admin.membership.signerFiscalCodeUnknown')}</dd>
        <dt>{t('admin.enti.signedOn')}</dt>
        <dd>{formatDate(m.signedOn)}</dd>
        <dt>{t('admin.enti.resolution')}</dt>
        <dd>{t('admin.enti.resolutionOf', { number: m.resolutionNumber, date: formatDate(m.resolutionDate) })}</dd>
        <dt>{t('admin.membership.span')}</dt>
        <dd>
          {t('admin.membership.spanValue', {
            from: m.joinedOn ? formatDate(m.joinedOn) : t('admin.membership.fromStart'),
            to: m.leftOn ? formatDate(m.leftOn) : t('admin.membership.toEnd'),
          })}
        </dd>
        <dt>{t('admin.membership.payer')}</dt>
        <dd>{m.payer?.name ?? t('admin.membership.payerSelf')}</dd>
        {m.recordedQuotaCents !== null && (
          <>
            <dt>{t('admin.membership.recordedQuota')}</dt>
            <dd>{formatEuro(m.recordedQuotaCents)}</dd>
          </>
        )}
        <dt>{t('admin.membership.document')}</dt>
        <dd>
          {m.document ? (
            <a href={membershipDocumentUrl(enteId, m.id)} download>
              {m.document.fileName}
              <span className="visually-hidden"> ({period})</span>
            </a>
          ) : (
            t('admin.membership.noDocument')
          )}
        </dd>
      </dl>
      {canEdit && (
        <>
          <FileField
            id={fileId}
            label={`${m.document ? t('admin.membership.replaceDocument') : t('admin.membership.uploadDocument')} – ${period}`}
            accept=".pdf,.p7m,application/pdf,application/pkcs7-mime"
            file={chosen}
            onFile={(file) => {
              setChosen(file);
              if (file) upload.mutate({ id: m.id, version: m.version, file }, { onSettled: () => setChosen(null) });
            }}
            hint={t('admin.membership.documentHint')}
          />
          <div className="d-flex flex-wrap gap-2">
            <Button color="primary" outline size="sm" onClick={onEdit}>
              {t('admin.membership.edit')}
              <span className="visually-hidden"> {period}</span>
            </Button>
            <Button color="danger" outline size="sm" onClick={onDelete}>
              {t('admin.membership.delete')}
              <span className="visually-hidden"> {period}</span>
            </Button>
            <Button color="secondary" outline size="sm" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
              {t('admin.membership.history')}
              <span className="visually-hidden"> {period}</span>
            </Button>
          </div>
        </>
      )}
      {upload.isError && <ErrorAlert error={upload.error} title={t('admin.membership.notUploaded')} className="mt-2" />}
      {showHistory && <AuditTrail entity="memberships" recordId={m.id} headingLevel={3} />}
    </li>
  );
}
