import { useTranslation } from 'react-i18next';
import { Button, Icon } from 'design-react-kit';
import { useFollowing, useSetFollowing } from './api';

/** «Segui»: the bell and the e-mails tell the follower about replies and changes of this ticket. */
export function FollowButton({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const following = useFollowing(ticketId);
  const set = useSetFollowing(ticketId);
  if (!following.data) return null;
  const on = following.data.following;
  return (
    <div className="ticket-follow mb-3">
      <Button color="primary" outline={!on} size="sm" aria-pressed={on} disabled={set.isPending} onClick={() => set.mutate(!on)}>
        <Icon icon={on ? 'it-check' : 'it-plus'} size="sm" color={on ? 'white' : 'primary'} className="me-1" aria-hidden="true" />
        {on ? t('follow.following') : t('follow.follow')}
      </Button>
      <p className="small text-muted mt-1 mb-0" aria-live="polite">
        {set.isError ? t('follow.failed') : on ? t('follow.followingHint') : t('follow.hint')}
      </p>
    </div>
  );
}

