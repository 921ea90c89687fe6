import { ThrottlePage } from '../admin/ThrottlePage';
import { SessionsPage } from '../auth/SessionsPage';
import { createBrowserRouter } from 'react-router';
import { AdminHomePage, AdminLayout, RequireRole } from '../admin/AdminLayout';
import { BillingAdminPage } from '../admin/BillingAdminPage';
import { ImportsPage } from '../admin/imports/ImportsPage';
import { RenewalsPage } from '../admin/RenewalsPage';
import { CannedRepliesPage } from '../canned-replies/CannedRepliesPage';
import { CatalogPage } from '../admin/CatalogPage';
import { PriceListEditorPage } from '../admin/priceLists/PriceListEditorPage';
import { AdminEntiPage, EnteDetailPage } from '../admin/EntiPages';
import { NewEntePage } from '../admin/enti/NewEntePage';
import { PopulationImportPage } from '../admin/enti/PopulationImportPage';
import { FailuresPage } from '../admin/FailuresPage';
import { AuditPage } from '../admin/audit/AuditPage';
import { SlaPage } from '../admin/SlaPage';
import { SupportGroupsPage } from '../triage/SupportGroupsPage';
import { RoutingRulesPage } from '../triage/RoutingRulesPage';
import { SuppliersPage } from '../admin/SuppliersPage';
import { NewUserPage, UsersPage } from '../admin/UsersPage';
import { LoginPage } from '../auth/LoginPage';
import { ForgotPasswordPage, SetPasswordPage } from '../auth/PasswordPages';
import { ContractsPage } from '../contracts/ContractsPage';
import { RequireAuth } from '../auth/RequireAuth';
import { HomePage } from '../home/HomePage';
import { ApprovalsPage } from '../services/ApprovalsPage';
import { BillingPage } from '../services/BillingPage';
import { MyServicesPage } from '../services/MyServicesPage';
import { LiveEvents } from '../tickets/live';
import { NewTicketPage } from '../tickets/NewTicketPage';
import { KbArticlePage } from '../kb/KbArticlePage';
import { KbEditorPage } from '../kb/KbEditorPage';
import { KbListPage } from '../kb/KbListPage';
import { TicketListPage } from '../tickets/TicketListPage';
import { TicketPage } from '../tickets/TicketPage';
import { Layout } from './Layout';
import { rolesFor } from '@cit/shared';
import { ProfilePage } from '../notifications/ProfilePage';
import { NotFoundPage } from './NotFoundPage';
import { AccessibilityPage, ContactsPage, LegalNotesPage, PrivacyPage } from '../public-pages/SiteInfoPages';
import { ServiceCharterPage } from '../public-pages/ServiceCharterPage';
import { RouteErrorPage } from './RouteErrorPage';

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
                        ],
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
                        ],
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
