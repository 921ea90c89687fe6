import { z } from 'zod';
import { TicketStatusSchema } from './tickets/lifecycle';

const TicketRef = z.object({
  id: z.uuid(),
  protocol: z.string(),
  title: z.string(),
  status: TicketStatusSchema,
  updatedAt: z.iso.datetime({ offset: true }),
});

/** What the staff see about who asked, next to a ticket: contacts, the Ente's other tickets, its active services. */
export const RequesterCardSchema = z
  .object({
    requester: z.object({ id: z.uuid(), name: z.string(), email: z.string(), phone: z.string().nullable() }),
    ente: z.object({ id: z.uuid(), name: z.string() }),
    /** The Ente's other tickets not solved, closed or deleted (most recently updated first, at most 10). */
    openTickets: z.array(TicketRef),
    openCount: z.number().int(),
    /** The Ente's last solved or closed tickets (at most 5). */
    recentlyClosed: z.array(TicketRef),
    /** Service records in force today (at most 20), by service. */
    services: z.array(z.object({ id: z.uuid(), serviceCode: z.string(), unitLabel: z.string().nullable(), startsOn: z.string(), endsOn: z.string().nullable() })),
    servicesCount: z.number().int(),
  })
  .meta({ id: 'RequesterCard' });
export type RequesterCard = z.infer<typeof RequesterCardSchema>;
