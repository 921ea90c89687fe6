import { lazy, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { rolesFor } from '@cit/shared';
import { LoginPage } from '../auth/LoginPage';
import { RequireAuth } from '../auth/RequireAuth';
import { AdminHomePage, AdminLayout, RequireRole } from '../admin/AdminLayout';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

/*
 * Every page but the login is its own chunk, loaded when the route is first visited (React.lazy; the Suspense
 * boundary is in Layout, so the header and footer paint at once): the login page does not download the staff
 * console, and each page brings only its own code.
 */
function page<K extends string>(load: () => Promise<{ [key in K]: () => ReactNode }>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const ThrottlePage = page(() => import('../admin/ThrottlePage'), 'ThrottlePage');
const SessionsPage = page(() => import('../auth/SessionsPage'), 'SessionsPage');
const MailboxesPage = page(() => import('../admin/mailboxes/MailboxesPage'), 'MailboxesPage');
const UnassignedMailPage = page(() => import('../admin/mailboxes/UnassignedMailPage'), 'UnassignedMailPage');
const AnnouncementsPage = page(() => import('../announcements/AnnouncementsPage'), 'AnnouncementsPage');
const BillingAdminPage = page(() => import('../admin/BillingAdminPage'), 'BillingAdminPage');
const ImportsPage = page(() => import('../admin/imports/ImportsPage'), 'ImportsPage');
const RenewalsPage = page(() => import('../admin/RenewalsPage'), 'RenewalsPage');
const CannedRepliesPage = page(() => import('../canned-replies/CannedRepliesPage'), 'CannedRepliesPage');
const CatalogPage = page(() => import('../admin/CatalogPage'), 'CatalogPage');
const PriceListEditorPage = page(() => import('../admin/priceLists/PriceListEditorPage'), 'PriceListEditorPage');
const AdminEntiPage = page(() => import('../admin/EntiPages'), 'AdminEntiPage');
const EnteDetailPage = page(() => import('../admin/EntiPages'), 'EnteDetailPage');
const NewEntePage = page(() => import('../admin/enti/NewEntePage'), 'NewEntePage');
const PopulationImportPage = page(() => import('../admin/enti/PopulationImportPage'), 'PopulationImportPage');
const FailuresPage = page(() => import('../admin/FailuresPage'), 'FailuresPage');
const AuditPage = page(() => import('../admin/audit/AuditPage'), 'AuditPage');
const SurveysPage = page(() => import('../admin/SurveysPage'), 'SurveysPage');
const SlaPage = page(() => import('../admin/SlaPage'), 'SlaPage');
const SupportGroupsPage = page(() => import('../triage/SupportGroupsPage'), 'SupportGroupsPage');
const RoutingRulesPage = page(() => import('../triage/RoutingRulesPage'), 'RoutingRulesPage');
const SuppliersPage = page(() => import('../admin/SuppliersPage'), 'SuppliersPage');
const NewUserPage = page(() => import('../admin/UsersPage'), 'NewUserPage');
const UsersPage = page(() => import('../admin/UsersPage'), 'UsersPage');
const SecondFactorPage = page(() => import('../auth/SecondFactorPages'), 'SecondFactorPage');
const LoginFailedPage = page(() => import('../auth/SecondFactorPages'), 'LoginFailedPage');
const ForgotPasswordPage = page(() => import('../auth/PasswordPages'), 'ForgotPasswordPage');
const SetPasswordPage = page(() => import('../auth/PasswordPages'), 'SetPasswordPage');
const ContractsPage = page(() => import('../contracts/ContractsPage'), 'ContractsPage');
const HomePage = page(() => import('../home/HomePage'), 'HomePage');
const ApprovalsPage = page(() => import('../services/ApprovalsPage'), 'ApprovalsPage');
const BillingPage = page(() => import('../services/BillingPage'), 'BillingPage');
const MyServicesPage = page(() => import('../services/MyServicesPage'), 'MyServicesPage');
const LiveEvents = page(() => import('../tickets/live'), 'LiveEvents');
const NewTicketPage = page(() => import('../tickets/NewTicketPage'), 'NewTicketPage');
const TicketListPage = page(() => import('../tickets/TicketListPage'), 'TicketListPage');
const KbArticlePage = page(() => import('../kb/KbArticlePage'), 'KbArticlePage');
const KbEditorPage = page(() => import('../kb/KbEditorPage'), 'KbEditorPage');
const KbListPage = page(() => import('../kb/KbListPage'), 'KbListPage');
const ReportsPage = page(() => import('../reports/ReportsPage'), 'ReportsPage');
const TicketPage = page(() => import('../tickets/TicketPage'), 'TicketPage');
const ProfilePage = page(() => import('../notifications/ProfilePage'), 'ProfilePage');
const AccessibilityPage = page(() => import('../public-pages/SiteInfoPages'), 'AccessibilityPage');
const ContactsPage = page(() => import('../public-pages/SiteInfoPages'), 'ContactsPage');
const LegalNotesPage = page(() => import('../public-pages/SiteInfoPages'), 'LegalNotesPage');
const PrivacyPage = page(() => import('../public-pages/SiteInfoPages'), 'PrivacyPage');
const ServiceCharterPage = page(() => import('../public-pages/ServiceCharterPage'), 'ServiceCharterPage');

export const router = createBrowserRouter([
  {
    element: <Layout />,
    // Only if the layout itself fails; page errors are caught below, inside the layout.
    errorElement: <RouteErrorPage />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          { path: 'accedi', element: <LoginPage /> },
          { path: 'accesso/secondo-fattore', element: <SecondFactorPage /> },
          { path: 'accesso/non-riuscito', element: <LoginFailedPage /> },
          { path: 'password-dimenticata', element: <ForgotPasswordPage /> },
          { path: 'imposta-password', element: <SetPasswordPage /> },
          // The pages every PA site publishes: readable without signing in.
          { path: 'accessibilita', element: <AccessibilityPage /> },
          { path: 'privacy', element: <PrivacyPage /> },
          { path: 'note-legali', element: <LegalNotesPage /> },
          { path: 'contatti', element: <ContactsPage /> },
          { path: 'carta-dei-servizi', element: <ServiceCharterPage /> },
          {
            element: <RequireAuth />,
            children: [
              {
                // One live-events socket for the whole signed-in session.
                element: <LiveEvents />,
                children: [
                  { index: true, element: <HomePage /> },
                  { path: 'ticket', element: <TicketListPage /> },
                  { path: 'ticket/nuovo', element: <NewTicketPage /> },
                  { path: 'ticket/:id', element: <TicketPage /> },
                  { path: 'approvazioni', element: <ApprovalsPage /> },
                  { path: 'servizi', element: <MyServicesPage /> },
                  { path: 'addebiti', element: <BillingPage /> },
                  { path: 'profilo', element: <ProfilePage /> },
                  { path: 'sessioni', element: <SessionsPage /> },
                  {
                    element: <RequireRole roles={['ente_user', 'capofila_user', 'operator', 'approver', 'admin']} />,
                    children: [{ path: 'contratti', element: <ContractsPage /> }],
                  },
                  {
                    element: <RequireRole roles={rolesFor('kb.read')} />,
                    children: [
                      { path: 'kb', element: <KbListPage /> },
                      { path: 'kb/:id', element: <KbArticlePage /> },
                    ],
                  },
                  {
                    element: <RequireRole roles={rolesFor('reports.read')} />,
                    children: [{ path: 'report', element: <ReportsPage /> }],
                  },
                  {
                    element: <RequireRole roles={rolesFor('kb.manage')} />,
                    children: [
                      { path: 'kb/nuovo', element: <KbEditorPage /> },
                      { path: 'kb/:id/modifica', element: <KbEditorPage /> },
                    ],
                  },
                  {
                    path: 'admin',
                    element: <AdminLayout />,
                    children: [
                      { index: true, element: <AdminHomePage /> },
                      { path: 'fatturazione', element: <BillingAdminPage /> },
                      {
                        element: <RequireRole roles={['admin', 'approver', 'operator']} />,
                        children: [
                          { path: 'rinnovi', element: <RenewalsPage /> },
                          { path: 'risposte', element: <CannedRepliesPage /> },
                          { path: 'questionari', element: <SurveysPage /> },
                        ],
                      },
                      {
                        element: <RequireRole roles={rolesFor('unassigned-mail.handle')} />,
                        children: [{ path: 'posta-non-assegnata', element: <UnassignedMailPage /> }],
                      },
                      {
                        // Operators and approvers read the Enti's pages (e.g. from the requester card); only admins edit.
                        element: <RequireRole roles={rolesFor('enti.read')} />,
                        children: [
                          { path: 'enti', element: <AdminEntiPage /> },
                          { path: 'enti/:id', element: <EnteDetailPage /> },
                        ],
                      },
                      {
                        element: <RequireRole roles={['admin']} />,
                        children: [
                          { path: 'utenti', element: <UsersPage /> },
                          { path: 'utenti/nuovo', element: <NewUserPage /> },
                          { path: 'enti/nuovo', element: <NewEntePage /> },
                          { path: 'enti/abitanti', element: <PopulationImportPage /> },
                          { path: 'fornitori', element: <SuppliersPage /> },
                          { path: 'importazioni', element: <ImportsPage /> },
                          { path: 'catalogo', element: <CatalogPage /> },
                          { path: 'catalogo/listini/:id', element: <PriceListEditorPage /> },
                          { path: 'sla', element: <SlaPage /> },
                          { path: 'gruppi', element: <SupportGroupsPage /> },
                          { path: 'regole', element: <RoutingRulesPage /> },
                          { path: 'errori', element: <FailuresPage /> },
                          { path: 'registro', element: <AuditPage /> },
                          { path: 'accessi', element: <ThrottlePage /> },
                          { path: 'caselle', element: <MailboxesPage /> },
                        ],
                      },
                      {
                        element: <RequireRole roles={rolesFor('announcements.manage')} />,
                        children: [{ path: 'avvisi', element: <AnnouncementsPage /> }],
                      },
                    ],
                  },
                ],
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
