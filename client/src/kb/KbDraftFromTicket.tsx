import { useId } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useKbDraftFromTicket } from './api';

/** On the ticket page of the CIT staff: turns the ticket into a knowledge-base draft and opens it in the editor. */
export function KbDraftFromTicket({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const draft = useKbDraftFromTicket();
  const headingId = useId();
  const hintId = useId();
  return (
    <section aria-labelledby={headingId} className="card card-bg p-3 mb-3">
      <h2 id={headingId} className="h6">
        {t('kb.fromTicket.title')}
      </h2>
      <p id={hintId} className="small text-muted">
        {t('kb.fromTicket.hint')}
      </p>
      <Button
        type="button"
        color="secondary"
        outline
        size="sm"
        aria-describedby={hintId}
        disabled={draft.isPending}
        onClick={() => draft.mutate(ticketId, { onSuccess: (article) => void navigate(`/kb/${article.id}/modifica`) })}
      >
        {draft.isPending ? t('kb.fromTicket.creating') : t('kb.fromTicket.create')}
      </Button>
      {draft.isError && <ErrorAlert error={draft.error} className="mt-3" />}
    </section>
  );
}
