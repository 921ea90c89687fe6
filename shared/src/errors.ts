import { z } from 'zod';

/** Every failure of the API has this shape; clients show `message` and may branch on `code`. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'validation_error' }),
      message: z.string().meta({ example: 'Alcuni campi non sono validi.' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** Field-level problems reported under `details.fields` for `validation_error`. */
export interface FieldIssue {
  path: string;
  message: string;
}
