import { useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Col, Icon, Modal, ModalBody, ModalFooter, Row } from 'design-react-kit';
import { ROLES, type Role } from '@cit/shared';
import { isApiError } from '../api/errors';
import { useCurrentUser } from '../auth/currentUser';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { PageTitle } from '../ui/PageTitle';
import { SelectField } from '../ui/SelectField';
import { TextField } from '../ui/TextField';
import { useDebouncedValue } from '../ui/useDebouncedValue';
import { useAdminUsers, useCreateUser, useInviteUser, useResetSecondFactor, useUpdateUser, type AdminUser } from './api';
import { UserForm } from './UserForm';
import { UserPersonalDataSection } from './UserPersonalDataSection';
import { UserSessionsSection } from './UserSessionsSection';

function UserState({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  if (user.disabledAt) return <Badge color="secondary" className="ticket-badge">{t('admin.users.state.disabled')}</Badge>;
  if (!user.passwordSet) return <Badge color="warning" className="ticket-badge">{t('admin.users.state.invited')}</Badge>;
  return <Badge color="success" className="ticket-badge">{t('admin.users.state.active')}</Badge>;
}

function Links({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  if (user.supplier) return <>{user.supplier.name}</>;
  if (user.enti.length === 0) return <span className="text-muted">{t('admin.users.allEnti')}</span>;
  return <>{user.enti.map((e) => e.name).join(', ')}</>;
}

/** The "reinvia invito" button with its own result message, only for accounts still waiting for their password. */
function InviteButton({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const invite = useInviteUser();
  if (user.passwordSet) return null;
  return (
    <>
      <Button color="primary" outline size="sm" disabled={invite.isPending || user.disabledAt !== null} onClick={() => invite.mutate(user.id)}>
        {t('admin.users.invite')}
        <span className="visually-hidden"> {t('admin.users.toUser', { name: user.name })}</span>
      </Button>
      <span aria-live="polite" className="small d-block">
        {invite.isSuccess && <span className="text-success">{t('admin.users.invited')}</span>}
        {invite.isError && <span className="text-danger">{t('admin.users.inviteFailed')}</span>}
      </span>
    </>
  );
}

/** The admin's reset of a lost authenticator app (audited by the server). */
function SecondFactorReset({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const reset = useResetSecondFactor();
  const [confirming, setConfirming] = useState(false);
  if (!user.totpEnrolled && !reset.isSuccess) return null;
  return (
    <>
      <hr />
      <h3 className="h6">{t('identity.totpColumn')}</h3>
      <span aria-live="polite" className="small d-block">
        {reset.isSuccess && <span className="text-success">{t('identity.resetDone')}</span>}
        {reset.isError && <span className="text-danger">{reset.error.message}</span>}
      </span>
      {!reset.isSuccess &&
        (!confirming ? (
          <Button color="danger" outline size="sm" onClick={() => setConfirming(true)}>
            {t('identity.reset')}
          </Button>
        ) : (
          <Alert color="warning" fade={false} className="mb-0">
            <p className="fw-semibold mb-2">{t('identity.resetConfirm', { name: user.name })}</p>
            <div className="d-flex gap-2 flex-wrap">
              <Button color="danger" size="sm" disabled={reset.isPending} onClick={() => reset.mutate(user.id)}>
                {t('identity.reset')}
              </Button>
              <Button color="secondary" outline size="sm" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </Alert>
        ))}
    </>
  );
}

function EditUserDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const titleId = useId();
  const update = useUpdateUser(user.id);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const disabled = user.disabledAt !== null;
  const toggle = () =>
    update.mutate(
      { disabled: !disabled },
      {
        onSuccess: () => {
          setConfirming(false);
          setDone(disabled ? t('admin.users.enabledDone') : t('admin.users.disabledDone'));
          onClose();
        },
      },
    );
  return (
    <Modal isOpen toggle={onClose} labelledBy={titleId} size="lg" returnFocusAfterClose>
      <div className="modal-header">
        <h2 className="modal-title h5" id={titleId}>
          {t('admin.users.editTitle', { name: user.name })}
        </h2>
      </div>
      <ModalBody>
        <p className="small text-muted">{user.email}</p>
        <UserForm
          user={user}
          idPrefix="edit-user"
          pending={update.isPending}
          failure={update.error}
          submitLabel={t('admin.users.save')}
          onCancel={onClose}
          onSubmit={(input) => update.mutate(input, { onSuccess: onClose })}
        />
        <hr />
        <h3 className="h6">{disabled ? t('admin.users.enableTitle') : t('admin.users.disableTitle')}</h3>
        <p className="small">{disabled ? t('admin.users.enableText') : t('admin.users.disableText')}</p>
        {done && <p className="text-success small">{done}</p>}
        {!confirming ? (
          <Button color={disabled ? 'primary' : 'danger'} outline size="sm" disabled={user.id === me.id} onClick={() => setConfirming(true)}>
            {disabled ? t('admin.users.enable') : t('admin.users.disable')}
          </Button>
        ) : (
          <Alert color="warning" fade={false} className="mb-0">
            <p className="fw-semibold mb-2">{disabled ? t('admin.users.confirmEnable', { name: user.name }) : t('admin.users.confirmDisable', { name: user.name })}</p>
            <div className="d-flex gap-2 flex-wrap">
              <Button color={disabled ? 'primary' : 'danger'} size="sm" disabled={update.isPending} onClick={toggle}>
                {disabled ? t('admin.users.enableConfirm') : t('admin.users.disableConfirm')}
              </Button>
              <Button color="secondary" outline size="sm" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </Alert>
        )}
        {user.id === me.id && <p className="small text-muted mt-2 mb-0">{t('admin.users.notYourself')}</p>}
        <SecondFactorReset user={user} />
        <hr />
        <UserSessionsSection userId={user.id} name={user.name} />
        <hr />
        <UserPersonalDataSection userId={user.id} name={user.name} isSelf={user.id === me.id} />
      </ModalBody>
      <ModalFooter>
        <Button color="secondary" outline onClick={onClose}>
          {t('admin.close')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const role = (params.get('ruolo') ?? '') as Role | '';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 350);
  const list = useAdminUsers({ role, q });
  const users = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const created = params.get('creato');

  const setRole = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('ruolo', value);
    else next.delete('ruolo');
    next.delete('creato');
    setParams(next, { replace: true });
  };
  const missingApi = list.isError && isApiError(list.error) && list.error.status === 404;

  return (
    <>
      <div className="d-flex flex-wrap justify-content-between align-items-start gap-3 mb-2">
        <PageTitle>{t('admin.sections.users.title')}</PageTitle>
        <Link to="/admin/utenti/nuovo" className="btn btn-primary btn-sm">
          <Icon icon="it-plus" color="white" size="sm" className="me-1" aria-hidden="true" />
          {t('admin.users.new')}
        </Link>
      </div>
      <p className="lead mb-4">{t('admin.sections.users.intro')}</p>
      {created && (
        <Alert color="success" fade={false} className="mb-4">
          {t('admin.users.createdNotice', { email: created })}
        </Alert>
      )}
      <form role="search" aria-label={t('admin.users.filters')} onSubmit={(e: FormEvent) => e.preventDefault()} className="enti-filters">
        <Row>
          <Col xs={12} md={7}>
            <TextField id="users-search" type="search" label={t('admin.users.search')} value={search} onValueChange={setSearch} autoComplete="off" maxLength={100} />
          </Col>
          <Col xs={12} md={5}>
            <SelectField
              id="users-role"
              label={t('admin.users.role')}
              value={role}
              onValueChange={setRole}
              options={[{ value: '', label: t('admin.users.allRoles') }, ...ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
            />
          </Col>
        </Row>
      </form>
      {list.isPending ? (
        <Loading />
      ) : list.isError && users.length === 0 ? (
        <ErrorAlert error={list.error} title={missingApi ? t('admin.users.apiMissing') : undefined} onRetry={() => void list.refetch()} />
      ) : users.length === 0 ? (
        <p className="ticket-empty">{t('admin.users.empty')}</p>
      ) : (
        <div aria-busy={list.isPlaceholderData}>
          <div className="table-responsive d-none d-md-block">
            <table className="table align-middle admin-table users-table">
              <caption className="visually-hidden">{t('admin.users.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.name')}</th>
                  <th scope="col">{t('admin.users.role')}</th>
                  <th scope="col">{t('admin.users.links')}</th>
                  <th scope="col">{t('admin.users.stateLabel')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('admin.users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className={u.disabledAt ? 'user-disabled' : undefined}>
                    <th scope="row">
                      {u.name}
                      <span className="d-block small text-muted fw-normal text-break">{u.email}</span>
                    </th>
                    <td>{t(`roles.${u.role}`)}</td>
                    <td className="small">
                      <Links user={u} />
                    </td>
                    <td>
                      <UserState user={u} />
                    </td>
                    <td className="text-end">
                      <div className="d-flex gap-2 justify-content-end align-items-start flex-wrap">
                        <Button color="primary" size="sm" onClick={() => setEditing(u)}>
                          {t('admin.users.edit')}
                          <span className="visually-hidden"> {u.name}</span>
                        </Button>
                        <div>
                          <InviteButton user={u} />
                        </div>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="ticket-cards d-md-none" aria-label={t('admin.users.caption')}>
            {users.map((u) => (
              <li key={u.id} className="ticket-card">
                <div className="d-flex justify-content-between gap-2 mb-1">
                  <span className="fw-semibold">{u.name}</span>
                  <UserState user={u} />
                </div>
                <p className="small text-break mb-1">{u.email}</p>
                <dl className="ticket-card-facts">
                  <dt>{t('admin.users.role')}</dt>
                  <dd>{t(`roles.${u.role}`)}</dd>
                  <dt>{t('admin.users.links')}</dt>
                  <dd>
                    <Links user={u} />
                  </dd>
                </dl>
                <div className="d-flex gap-2 mt-2 flex-wrap">
                  <Button color="primary" size="sm" onClick={() => setEditing(u)}>
                    {t('admin.users.edit')}
                    <span className="visually-hidden"> {u.name}</span>
                  </Button>
                  <div>
                    <InviteButton user={u} />
                  </div>
                </div>
              </li>
            ))}
          </ul>
          {list.hasNextPage && (
            <div className="text-center mt-3">
              <Button color="primary" outline onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                {list.isFetchingNextPage ? t('enti.loadingMore') : t('enti.loadMore')}
              </Button>
            </div>
          )}
        </div>
      )}
      {editing && <EditUserDialog user={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

export function NewUserPage() {
  const { t } = useTranslation();
  const create = useCreateUser();
  const navigate = useNavigate();
  return (
    <>
      <Link to="/admin/utenti" className="d-inline-block mb-2 small">
        ← {t('admin.users.back')}
      </Link>
      <PageTitle className="mb-2">{t('admin.users.newTitle')}</PageTitle>
      <p className="lead mb-4">{t('admin.users.newIntro')}</p>
      <div className="admin-form-narrow">
        <UserForm
          idPrefix="new-user"
          pending={create.isPending}
          failure={create.error}
          submitLabel={t('admin.users.create')}
          onCancel={() => void navigate('/admin/utenti')}
          onSubmit={(input) => create.mutate(input, { onSuccess: (u) => void navigate(`/admin/utenti?creato=${encodeURIComponent(u.email)}`) })}
        />
      </div>
    </>
  );
}
