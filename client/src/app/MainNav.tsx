import { useCallback, useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Collapse, Icon } from 'design-react-kit';
import { useTranslation } from 'react-i18next';
import { can, isStaff } from '@cit/shared';
import { useMe } from '../auth/session';

/** Main navigation (Bootstrap Italia header navbar), for signed-in users; the items depend on the role. */
export function MainNav() {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  if (!me.data) return null;
  const role = me.data.role;
  const staff = isStaff(role);
  const items = [
    { to: '/', label: t('nav.home'), current: pathname === '/' },
    // The list and every ticket page, but not the new-ticket form (it has its own item).
    { to: '/ticket', label: t('nav.tickets'), current: /^\/ticket(\/(?!nuovo$)[^/]+)?\/?$/.test(pathname) },
    ...(me.data.role === 'supplier_user' ? [] : [{ to: '/ticket/nuovo', label: t('nav.newTicket'), current: pathname === '/ticket/nuovo' }]),
    ...(role === 'approver' || role === 'admin' ? [{ to: '/approvazioni', label: t('nav.approvals'), current: pathname === '/approvazioni' }] : []),
    ...(role === 'supplier_user'
      ? []
      : [{ to: '/servizi', label: staff ? t('nav.servicesStaff') : t('nav.services'), current: pathname === '/servizi' }]),
    ...(role === 'ente_user' || role === 'capofila_user' || role === 'approver' || role === 'admin'
      ? [{ to: '/addebiti', label: t('nav.billing'), current: pathname === '/addebiti' }]
      : []),
    // The admin's row is full at 1366 px: the guides are in the Amministrazione menu for them.
    ...(can(me.data, 'kb.read') && role !== 'admin' ? [{ to: '/kb', label: t('nav.kb'), current: pathname === '/kb' || pathname.startsWith('/kb/') }] : []),
    ...(role === 'supplier_user' ? [] : [{ to: '/contratti', label: t('nav.contracts'), current: pathname === '/contratti' }]),
    // Approvers' and admins' rows are full at 1366 px: for them the reports are in the Amministrazione menu.
    ...(can(me.data, 'reports.read') && role !== 'admin' && role !== 'approver' ? [{ to: '/report', label: t('nav.reports'), current: pathname === '/report' }] : []),
    ...(role === 'admin'
      ? [{ to: '/admin', label: t('nav.admin'), current: pathname === '/admin' || pathname.startsWith('/admin/') }]
      : role === 'approver'
        ? [{ to: '/admin/fatturazione', label: t('nav.adminBilling'), current: pathname.startsWith('/admin/') }]
        : role === 'operator'
          ? [{ to: '/admin/rinnovi', label: t('nav.renewals'), current: pathname.startsWith('/admin/') }]
          : []),
  ];
  return <NavMenu items={items} label={t('nav.label')} />;
}

/**
 * Bootstrap Italia's header navbar: a row of links from 992 px up; below, a "Menu" button opens the kit's
 * off-canvas panel (focus moved into it, Esc or the overlay closes it, focus back to the button).
 */
function NavMenu({ items, label }: { items: ReadonlyArray<{ to: string; label: string; current: boolean }>; label: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const close = useCallback(() => setOpen(false), []);
  const { pathname } = useLocation();
  // Following a link closes the panel (the page changes underneath).
  useEffect(close, [pathname, close]);
  return (
    <div className="it-header-navbar-wrapper main-nav-wrapper">
      <div className="container">
        <nav className="navbar navbar-expand-lg main-nav" aria-label={label}>
          <button type="button" className="custom-navbar-toggler main-nav-toggler" aria-controls="main-nav-menu" aria-expanded={open} onClick={() => setOpen(true)}>
            <Icon icon="it-burger" color="primary" aria-hidden="true" />
            <span>{t('nav.menu')}</span>
          </button>
          <Collapse navbar header isOpen={open} onOverlayClick={close} id="main-nav-menu" closeSrText={t('nav.close')}>
            <div className="menu-wrapper">
              <ul className="navbar-nav">
                {items.map((item) => (
                  <li key={item.to} className="nav-item">
                    <Link to={item.to} className={item.current ? 'nav-link active' : 'nav-link'} aria-current={item.current ? 'page' : undefined}>
                      <span>{item.label}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          </Collapse>
        </nav>
      </div>
    </div>
  );
}
