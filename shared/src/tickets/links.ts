import { z } from 'zod';
import { TicketStatusSchema } from './lifecycle';

/** A ticket named by its id or by its protocol as shown ("2026/000123", "MoOne/55487"). */
export const TicketRefInputSchema = z
  .string('Indicare il ticket.')
  .trim()
  .regex(
    /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}\/\d{1,6}|MoOne\/\d{1,9})$/i,
    'Indicare il protocollo del ticket (es. 2026/000123).',
  );

/** A protocol typed by a person → its year and number (MoOne's register is year 0); null for an id. */
export function parseProtocol(value: string): { year: number; number: number } | null {
  const moone = /^MoOne\/(\d{1,9})$/i.exec(value.trim());
  if (moone) return { year: 0, number: Number(moone[1]) };
  const cit = /^(\d{4})\/(\d{1,6})$/.exec(value.trim());
  return cit ? { year: Number(cit[1]), number: Number(cit[2]) } : null;
}

export const LinkTicketSchema = z.strictObject({ ticket: TicketRefInputSchema }, 'Campo non previsto.').meta({ id: 'LinkTicket' });
export type LinkTicket = z.infer<typeof LinkTicketSchema>;

export const MergeTicketSchema = z.strictObject({ into: TicketRefInputSchema }, 'Campo non previsto.').meta({ id: 'MergeTicket' });
export type MergeTicket = z.infer<typeof MergeTicketSchema>;

export const TicketLinkRefSchema = z
  .object({ id: z.uuid(), protocol: z.string(), title: z.string(), status: TicketStatusSchema })
  .meta({ id: 'TicketLinkRef' });
export type TicketLinkRef = z.infer<typeof TicketLinkRefSchema>;

export const TicketLinksSchema = z
  .object({
    /** Related tickets (a link shows on both). */
    related: z.array(TicketLinkRefSchema),
    /** This ticket was merged into that one (and closed). */
    mergedInto: TicketLinkRefSchema.nullable(),
    /** Tickets merged into this one. */
    mergedFrom: z.array(TicketLinkRefSchema),
  })
  .meta({ id: 'TicketLinks' });
export type TicketLinks = z.infer<typeof TicketLinksSchema>;
