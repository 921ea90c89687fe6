import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'design-react-kit';
import { can, CreateFollowUpSchema } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { useCannedReplyPicker } from '../canned-replies/CannedReplyPicker';
import { fieldIssues } from '../api/errors';
import { ErrorAlert } from '../ui/ErrorAlert';
import { useAddFollowUp, useTicket } from './api';
import { FileDrop } from './FileDrop';
import { TextAreaField } from './TextAreaField';
import { useReplyDraft } from './drafts';
import { followUpElementId } from './Timeline';
import { focusWhenRendered } from '../ui/focus';
import { KbLinkPicker } from '../kb/KbLinkPicker';

export const REPLY_FIELD_ID = 'ticket-reply';

/** Reply to the ticket (public), or an internal note for CIT staff, with attachments. */
export function FollowUpForm({ ticketId, staff, replyRef }: { ticketId: string; staff: boolean; replyRef: RefObject<HTMLTextAreaElement | null> }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [body, setBody, clearDraft] = useReplyDraft(ticketId);
  const [isPrivate, setPrivate] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [progress, setProgress] = useState<number | null>(null);
  const [sent, setSent] = useState('');
  const add = useAddFollowUp(ticketId, setProgress);
  const errorRef = useRef<HTMLElement>(null);
  // `::name` inserts a canned reply filled with this ticket's values (the detail is already in the cache).
  const user = useCurrentUser();
  const canned = useCannedReplyPicker(useTicket(ticketId).data, replyRef, body, setBody, can(user, 'canned-replies.use'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (add.isPending) return;
    setSent('');
    const parsed = CreateFollowUpSchema.safeParse({ body, private: staff && isPrivate });
    if (!parsed.success) {
      setError(body.trim() === '' ? t('followUp.required') : (parsed.error.issues[0]?.message ?? t('followUp.required')));
      document.getElementById(REPLY_FIELD_ID)?.focus();
      return;
    }
    setError(undefined);
    setProgress(files.length > 0 ? 0 : null);
    add.mutate(
      { followUp: parsed.data, files },
      {
        onSuccess: (created) => {
          canned.afterSend(parsed.data.body).catch(() => setError(t('canned.actionsFailed')));
          clearDraft();
          setFiles([]);
          setPrivate(false);
          setProgress(null);
          setSent(parsed.data.private ? t('followUp.noteSent') : t('followUp.sent'));
          // The reply is read where it now is, in the history (it appears with the refresh that follows).
          focusWhenRendered(followUpElementId(created.id));
        },
        onError: (e) => {
          setProgress(null);
          const issue = fieldIssues(e).find((i) => i.path === 'body');
          if (issue) setError(issue.message);
          errorRef.current?.focus();
        },
      },
    );
  };

  return (
    <section aria-labelledby={headingId} className="followup-form">
      <h2 id={headingId} className="h4">
        {staff ? t('followUp.titleStaff') : t('followUp.title')}
      </h2>
      <form noValidate onSubmit={submit} aria-busy={add.isPending}>
        <TextAreaField
          id={REPLY_FIELD_ID}
          textareaRef={replyRef}
          label={t('followUp.body')}
          value={body}
          onValueChange={setBody}
          required
          rows={5}
          maxLength={20_000}
          error={error}
          aria-keyshortcuts={staff ? 'r' : undefined}
          hint={canned.hint}
          {...canned.textareaProps}
        />
        {canned.element}
        {staff && can(user, 'kb.read') && <KbLinkPicker textareaRef={replyRef} value={body} onChange={setBody} />}
        {staff && (
          <div className="form-check mb-3">
            <input id="followup-private" type="checkbox" checked={isPrivate} onChange={(e) => setPrivate(e.target.checked)} />
            <label htmlFor="followup-private">{t('followUp.private')}</label>
          </div>
        )}
        <FileDrop id="followup-attachments" files={files} onFilesChange={setFiles} progress={add.isPending ? progress : null} disabled={add.isPending} />
        {add.isError && !error && <ErrorAlert error={add.error} alertRef={errorRef} className="mt-3" />}
        <p className="text-success fw-semibold mt-3 mb-0" role="status">
          {sent}
        </p>
        <Button type="submit" color="primary" className="mt-3" disabled={add.isPending}>
          {add.isPending ? t('followUp.sending') : isPrivate && staff ? t('followUp.submitNote') : t('followUp.submit')}
        </Button>
      </form>
    </section>
  );
}
