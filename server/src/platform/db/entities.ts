import { User } from '../../auth/user.entity';
import { ConventionPeriod } from '../../enti/convention-period.entity';
import { Ente } from '../../enti/ente.entity';
import { Membership } from '../../enti/membership.entity';
import { EntePopulation } from '../../enti/population.entity';
import { Supplier } from '../../suppliers/supplier.entity';
import { SlaTarget } from '../../sla/sla-target.entity';
import { TicketAttachment } from '../../tickets/attachment.entity';
import { TicketFollowUp } from '../../tickets/followup.entity';
import { TicketHistory } from '../../tickets/history.entity';
import { TicketStatusCount } from '../../tickets/status-count.entity';
import { TicketStatusTotal } from '../../tickets/status-total.entity';
import { Ticket } from '../../tickets/ticket.entity';
import { ServiceRecord } from '../../service-records/service-record.entity';
import { BillingEntry } from '../../billing/billing-entry.entity';
import { Statement } from '../../billing/statements/statement.entity';

/** Every entity of the product; each domain module adds its own here. */
export const entities = [
  Ente,
  EntePopulation,
  ConventionPeriod,
  Membership,
  Supplier,
  User,
  SlaTarget,
  Ticket,
  TicketFollowUp,
  TicketAttachment,
  TicketHistory,
  TicketStatusCount,
  TicketStatusTotal,
  ServiceRecord,
  BillingEntry,
  Statement,
];
