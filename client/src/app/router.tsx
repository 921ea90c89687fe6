import { createBrowserRouter } from 'react-router';
import { LoginPage } from '../auth/LoginPage';
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
