import { useTranslation } from 'react-i18next';
import { Icon } from 'design-react-kit';
import type { Attachment, TicketDetail } from '@cit/shared';
import { attachmentUrl } from '../tickets/api';
import { useFormatDateTime } from '../tickets/format';
import { VerdictBadge } from './badges';

/** Attachments that are meant as the request form: the server checked them (PDF or .p7m). */
export function formAttachments(ticket: TicketDetail): Attachment[] {
  return ticket.attachments.filter((a) => a.signedFormCheck !== null);
}

/** A hand-signed form needs the signer's ID document: any image attached to the ticket counts as a candidate. */
export function hasIdCandidate(ticket: TicketDetail): boolean {
  return ticket.attachments.some((a) => a.kind === 'image');
}

interface SignedFormCheckViewProps {
  ticket: TicketDetail;
  attachment: Attachment;
  /** Heading level of the file name inside the card. */
  headingLevel?: 3 | 4;
}

/** One checked form: verdict (icon + colour + words), signer, signing time, PDF/A, problems in Italian. */
export function SignedFormCheckView({ ticket, attachment, headingLevel = 3 }: SignedFormCheckViewProps) {
  const { t } = useTranslation();
  const formatDateTime = useFormatDateTime();
  const check = attachment.signedFormCheck;
  if (!check) return null;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const { signature, pdfA } = check;
  const needsId = check.verdict === 'unsigned' && !hasIdCandidate(ticket);
  return (
    <article className={`signed-form-card signed-form-${check.verdict}`} aria-label={t('signedForm.cardLabel', { name: attachment.fileName })}>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
        <Heading className="h6 mb-0 signed-form-file">
          <Icon icon="it-file" size="sm" color="primary" aria-hidden="true" className="me-1" />
          <a href={attachmentUrl(ticket.id, attachment.id)} download={attachment.fileName}>
            {attachment.fileName}
          </a>
        </Heading>
        <VerdictBadge verdict={check.verdict} />
      </div>
      <p className="small mb-2">{t(`signedForm.explain.${check.verdict}`)}</p>
      <dl className="signed-form-facts">
        <dt>{t('signedForm.signatureType')}</dt>
        <dd>{t(`signedForm.type.${signature.type}`)}</dd>
        {signature.signer && (
          <>
            <dt>{t('signedForm.signer')}</dt>
            <dd>{signature.signer.commonName ?? t('signedForm.unknown')}</dd>
            <dt>{t('signedForm.fiscalCode')}</dt>
            <dd className="font-monospace">{signature.signer.fiscalCode ?? t('signedForm.unknown')}</dd>
            {signature.signer.issuer && (
              <>
                <dt>{t('signedForm.issuer')}</dt>
                <dd>{signature.signer.issuer}</dd>
              </>
            )}
          </>
        )}
        {signature.type !== 'none' && (
          <>
            <dt>{t('signedForm.signingTime')}</dt>
            <dd>{signature.signingTime ? formatDateTime(signature.signingTime) : t('signedForm.unknown')}</dd>
          </>
        )}
        <dt>{t('signedForm.pdfA')}</dt>
        <dd>
          {pdfA.declared
            ? t('signedForm.pdfADeclared', { part: `${pdfA.part ?? '?'}${(pdfA.conformance ?? '').toLowerCase()}` })
            : t('signedForm.pdfANotDeclared')}
        </dd>
      </dl>
      {check.problems.length > 0 && (
        <div className="signed-form-problems">
          <p className="small fw-semibold mb-1">{t('signedForm.problems')}</p>
          <ul className="small mb-0">
            {check.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {needsId && (
        <p className="signed-form-id-warning small mb-0 mt-2" role="note">
          <Icon icon="it-warning-circle" size="sm" aria-hidden="true" className="me-1" />
          <strong>{t('signedForm.handSignedNeedsId')}</strong>
        </p>
      )}
      {signature.type !== 'none' && (
        <p className="small mb-0 mt-2 signed-form-trust">
          {t(signature.chainVerified ? 'signedForm.chainVerified' : 'signedForm.chainNote')} {t(`signedForm.revocation.${signature.revocation}`)}
        </p>
      )}
      {check.notes.length > 0 && (
        <ul className="small text-muted mb-0 signed-form-notes">
          {check.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** All checked forms of a ticket, or a note that none was attached. */
export function SignedFormChecks({ ticket, headingLevel }: { ticket: TicketDetail; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const forms = formAttachments(ticket);
  if (forms.length === 0) {
    return (
      <p className="signed-form-none small mb-0">
        <Icon icon="it-warning-circle" size="sm" aria-hidden="true" className="me-1" />
        {t('signedForm.none')}
      </p>
    );
  }
  return (
    <div className="signed-form-list">
      {forms.map((a) => (
        <SignedFormCheckView key={a.id} ticket={ticket} attachment={a} headingLevel={headingLevel} />
      ))}
    </div>
  );
}
