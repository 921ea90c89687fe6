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

/**
 * A refusal by a business rule (the price list does not offer the service, the Ente has no membership, data the
 * tariff needs is missing): running the same thing again gives the same answer, so a job must not retry it; it is
 * shown to people, who can correct the cause. `field` names the request field at fault, when there is one.
 */
export class BusinessRuleError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'BusinessRuleError';
  }
}

export function isBusinessRuleError(err: unknown): err is BusinessRuleError {
  return err instanceof BusinessRuleError;
}
