import { ThrottlePage } from '../admin/ThrottlePage';
import { SessionsPage } from '../auth/SessionsPage';
import { createBrowserRouter } from 'react-router';
import { AdminHomePage, AdminLayout, RequireRole } from '../admin/AdminLayout';
import { BillingAdminPage } from '../admin/BillingAdminPage';
import { RenewalsPage } from '../admin/RenewalsPage';
import { CatalogPage } from '../admin/CatalogPage';
import { PriceListEditorPage } from '../admin/priceLists/PriceListEditorPage';
import { AdminEntiPage, EnteDetailPage } from '../admin/EntiPages';
import { NewEntePage } from '../admin/enti/NewEntePage';
import { PopulationImportPage } from '../admin/enti/PopulationImportPage';
import { FailuresPage } from '../admin/FailuresPage';
import { AuditPage } from '../admin/audit/AuditPage';
import { SlaPage } from '../admin/SlaPage';
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
import { TicketListPage } from '../tickets/TicketListPage';
import { TicketPage } from '../tickets/TicketPage';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
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
                  { path: 'sessioni', element: <SessionsPage /> },
                  {
                    element: <RequireRole roles={['ente_user', 'capofila_user', 'operator', 'approver', 'admin']} />,
                    children: [{ path: 'contratti', element: <ContractsPage /> }],
                  },
                  {
                    path: 'admin',
                    element: <AdminLayout />,
                    children: [
                      { index: true, element: <AdminHomePage /> },
                      { path: 'fatturazione', element: <BillingAdminPage /> },
                      {
                        element: <RequireRole roles={['admin', 'approver', 'operator']} />,
                        children: [{ path: 'rinnovi', element: <RenewalsPage /> }],
                      },
                      {
                        element: <RequireRole roles={['admin']} />,
                        children: [
                          { path: 'utenti', element: <UsersPage /> },
                          { path: 'utenti/nuovo', element: <NewUserPage /> },
                          { path: 'enti', element: <AdminEntiPage /> },
                          { path: 'enti/nuovo', element: <NewEntePage /> },
                          { path: 'enti/abitanti', element: <PopulationImportPage /> },
                          { path: 'enti/:id', element: <EnteDetailPage /> },
                          { path: 'fornitori', element: <SuppliersPage /> },
                          { path: 'catalogo', element: <CatalogPage /> },
                          { path: 'catalogo/listini/:id', element: <PriceListEditorPage /> },
                          { path: 'sla', element: <SlaPage /> },
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
