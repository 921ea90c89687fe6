import { z } from 'zod';
import { ApprovalStateSchema, TicketCategorySchema, TicketStatusSchema } from './tickets/lifecycle';

const Ref = z.object({ id: z.uuid(), name: z.string() });
const isoDate = z.iso.date();

/** Which of the caller's Enti the home is about; without it, the Ente the referent belongs to. */
export const EnteHomeQuerySchema = z.object({
  enteId: z.uuid('Ente: identificativo non valido (atteso un UUID)').optional(),
});
export type EnteHomeQuery = z.infer<typeof EnteHomeQuerySchema>;

/** A ticket of the Ente still in the CIT's hands, with where its approval and application stand. */
export const HomeRequestSchema = z.object({
  id: z.uuid(),
  protocol: z.string(),
  title: z.string(),
  category: TicketCategorySchema,
  serviceCode: z.string().nullable(),
  status: TicketStatusSchema,
  /** `none` for assistance; for activations and cancellations: requested → approved | rejected. */
  approvalState: ApprovalStateSchema,
  /** Approved and turned into service records and billing entries by the worker. */
  applied: z.boolean(),
  /** Approved but not applicable as it stands («non applicata»): the CIT corrects the cause and applies it again. */
  applyFailed: z.boolean(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type HomeRequest = z.infer<typeof HomeRequestSchema>;

/** «PEC: 3 di 4 gratuite usate»: units of a service in the convention in force, and its free allowance. */
export const HomeServiceUseSchema = z.object({
  serviceCode: z.string(),
  used: z.number().int(),
  active: z.number().int(),
  allowance: z.number().int().nullable(),
});

export const HomeDueSchema = z.object({
  /** Null for entries that follow the half-year statement and have no date of their own yet. */
  dueOn: isoDate.nullable(),
  amountCents: z.number().int(),
  entryCount: z.number().int(),
});

export const EnteHomeSchema = z
  .object({
    /** The Ente the page is about, and the others the caller may switch to (a capofila referent's members). */
    ente: Ref,
    enti: z.array(Ref),
    today: isoDate,
    requests: z.object({ items: z.array(HomeRequestSchema), total: z.number().int() }),
    services: z.object({
      /** The convention whose allowances are counted («2026-2030»). */
      conventionPeriod: z.string(),
      usage: z.array(HomeServiceUseSchema),
    }),
    dues: z.object({
      /** The latest membership quota of the Ente (due by 31 March), and who pays it (the capofila, when it pays). */
      quota: z
        .object({ year: z.number().int(), amountCents: z.number().int(), dueOn: isoDate.nullable(), collected: z.boolean(), payer: Ref })
        .nullable(),
      /** What the Ente still has to pay as payer, by due date (earliest first, at most 6 dates). */
      upcoming: z.array(HomeDueSchema),
      outstandingCents: z.number().int(),
      overdueCents: z.number().int(),
      /** The latest half-year statement the Ente pays, with its outstanding total. */
      latestStatement: z
        .object({
          id: z.uuid(),
          number: z.number().int(),
          version: z.number().int(),
          year: z.number().int(),
          half: z.union([z.literal(1), z.literal(2)]),
          dueOn: isoDate,
          totalCents: z.number().int(),
          outstandingCents: z.number().int(),
          hasPdf: z.boolean(),
        })
        .nullable(),
    }),
  })
  .meta({ id: 'EnteHome' });
export type EnteHome = z.infer<typeof EnteHomeSchema>;
