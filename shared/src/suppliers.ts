import { z } from 'zod';

export const SupplierSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    vatNumber: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .meta({ id: 'Supplier' });
export type Supplier = z.infer<typeof SupplierSchema>;

export const SupplierListSchema = z.object({ items: z.array(SupplierSchema) }).meta({ id: 'SupplierList' });
