import { z } from 'zod';
import { CatalogServiceSchema, PriceListSchema } from './catalog';
import { UrgencySchema } from './sla';

/**
 * The pages every Italian PA site publishes (accessibility statement, privacy notice, legal notes, contacts) and
 * the service charter (D.Lgs. 33/2013): public, readable without signing in, configured by the CIT.
 */
export const SiteInfoSchema = z
  .object({
    /** The statement published on AgID's form (form.agid.gov.it): the product links to it, it does not copy it. */
    accessibilityStatementUrl: z.url(),
    /** Paragraphs of the privacy notice (GDPR art. 13), as the CIT configured them. */
    privacyNotice: z.array(z.string()),
    legalNotes: z.array(z.string()),
    contacts: z.object({
      office: z.string(),
      address: z.string(),
      email: z.string(),
      pec: z.string(),
      phone: z.string(),
      hours: z.string(),
    }),
  })
  .meta({ id: 'SiteInfo' });
export type SiteInfo = z.infer<typeof SiteInfoSchema>;

export const ServiceCharterSchema = z
  .object({
    /** The day the figures are in force (Rome). */
    today: z.iso.date(),
    /** The price list in force today, with its effective date. */
    priceList: PriceListSchema,
    /** The services that list offers. */
    services: z.array(CatalogServiceSchema),
    targets: z.array(z.object({ urgency: UrgencySchema, takeChargeMinutes: z.number().int(), resolveMinutes: z.number().int() })),
    /** When the support clock runs: ISO weekdays (1 = Monday) and time ranges. */
    calendar: z.object({ workingDays: z.array(z.number().int()), hours: z.array(z.tuple([z.string(), z.string()])) }),
  })
  .meta({ id: 'ServiceCharter' });
export type ServiceCharter = z.infer<typeof ServiceCharterSchema>;
