import { Link, NavLink, Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Col, Container, Icon, Row } from 'design-react-kit';
import { can, type Role } from '@cit/shared';
import { useCurrentUser } from '../auth/currentUser';
import { PageTitle } from '../ui/PageTitle';
import { OpsCard } from './OpsCard';

/** The admin sections; `roles` says who may open each one (billing is for approvers too). */
export const ADMIN_SECTIONS = [
  { to: '/admin/utenti', key: 'users', icon: 'it-user', roles: ['admin'] },
  { to: '/admin/enti', key: 'enti', icon: 'it-pa', roles: ['admin', 'approver', 'operator'] }, // policy 'enti.read'
  { to: '/admin/fornitori', key: 'suppliers', icon: 'it-software', roles: ['admin'] },
  { to: '/admin/catalogo', key: 'catalog', icon: 'it-box', roles: ['admin'] },
  { to: '/admin/sla', key: 'sla', icon: 'it-clock', roles: ['admin'] },
  { to: '/admin/gruppi', key: 'groups', icon: 'it-team-digitale', roles: ['admin'] },
  { to: '/admin/regole', key: 'rules', icon: 'it-exchange-circle', roles: ['admin'] },
  { to: '/admin/errori', key: 'failures', icon: 'it-error', roles: ['admin'] },
  { to: '/admin/registro', key: 'audit', icon: 'it-files', roles: ['admin'] },
  { to: '/admin/importazioni', key: 'imports', icon: 'it-upload', roles: ['admin'] },
  { to: '/admin/accessi', key: 'throttle', icon: 'it-locked', roles: ['admin'] },
  { to: '/admin/caselle', key: 'mailboxes', icon: 'it-mail', roles: ['admin'] }, // policy 'mailboxes.manage'
  { to: '/admin/posta-non-assegnata', key: 'unassignedMail', icon: 'it-inbox', roles: ['admin', 'operator'] }, // policy 'unassigned-mail.handle'
  { to: '/kb', key: 'kb', icon: 'it-files', roles: ['admin'] }, // the admin's main menu has no room for «Guide»
  { to: '/report', key: 'reports', icon: 'it-chart-line', roles: ['admin', 'approver'] }, // policy 'reports.read'; no room in their main menu
  { to: '/admin/avvisi', key: 'announcements', icon: 'it-horn', roles: ['admin'] }, // policy 'announcements.manage'
  { to: '/admin/fatturazione', key: 'billing', icon: 'it-card', roles: ['admin', 'approver'] },
  { to: '/admin/rinnovi', key: 'renewals', icon: 'it-calendar', roles: ['admin', 'approver', 'operator'] },
  { to: '/admin/risposte', key: 'cannedReplies', icon: 'it-comment', roles: ['admin', 'approver', 'operator'] },
  { to: '/admin/questionari', key: 'surveys', icon: 'it-star-outline', roles: ['admin', 'approver', 'operator'] },
] as const satisfies ReadonlyArray<{ to: string; key: string; icon: string; roles: readonly Role[] }>;

export type AdminSectionKey = (typeof ADMIN_SECTIONS)[number]['key'];

export function canOpenSection(role: Role, key: AdminSectionKey): boolean {
  return (ADMIN_SECTIONS.find((s) => s.key === key)?.roles as readonly Role[] | undefined)?.includes(role) ?? false;
}

/** A page the user's role may not open: the same words as a missing page, no hint that it exists. */
export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Container className="py-5">
      <PageTitle className="mb-3">{t('notFound.pageTitle')}</PageTitle>
      <p className="lead">{t('notFound.text')}</p>
      <Link to="/" className="btn btn-primary mt-3">
        {t('common.backHome')}
      </Link>
    </Container>
  );
}

/** Only these roles get the pages below. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const user = useCurrentUser();
  return roles.includes(user.role) ? <Outlet /> : <Forbidden />;
}

/** The admin area: a section menu (side column on desktop, a wrapping list on phones) and the page. */
export function AdminLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const sections = ADMIN_SECTIONS.filter((s) => (s.roles as readonly Role[]).includes(user.role));
  if (sections.length === 0) return <Forbidden />;
  return (
    <Container className="py-4 py-lg-5">
      <Row className="g-4">
        <Col xs={12} lg={3}>
          <nav aria-label={t('admin.menuLabel')} className="admin-menu">
            <p className="admin-menu-title">
              <Link to="/admin">{t('admin.title')}</Link>
            </p>
            <ul>
              {sections.map((s) => (
                <li key={s.key}>
                  <NavLink to={s.to} className={({ isActive }) => (isActive ? 'admin-menu-link active' : 'admin-menu-link')}>
                    <Icon icon={s.icon} size="sm" aria-hidden="true" className="me-2" />
                    <span>{t(`admin.sections.${s.key}.title`)}</span>
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        </Col>
        <Col xs={12} lg={9}>
          <Outlet />
        </Col>
      </Row>
    </Container>
  );
}

/** /admin: one card per section, with what it is for. */
export function AdminHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const sections = ADMIN_SECTIONS.filter((s) => (s.roles as readonly Role[]).includes(user.role));
  return (
    <>
      <PageTitle className="mb-2">{t('admin.title')}</PageTitle>
      <p className="lead mb-4">{t('admin.intro')}</p>
      {can(user, 'ops.read') && <OpsCard />}
      <ul className="admin-hub">
        {sections.map((s) => (
          <li key={s.key}>
            <Link to={s.to} className="admin-hub-card">
              <Icon icon={s.icon} size="lg" color="primary" aria-hidden="true" />
              <span className="admin-hub-name">{t(`admin.sections.${s.key}.title`)}</span>
              <span className="admin-hub-text">{t(`admin.sections.${s.key}.intro`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
