import { z } from 'zod';
import { MeSchema } from './auth';

/** What a login answers when the password (or the identity provider) was right but a second factor is still due. */
export const SecondFactorDueSchema = z
  .object({
    /** verify: type a code of the enrolled app; enrol: the role requires one and the account has none yet. */
    secondFactor: z.enum(['verify', 'enrol']),
    csrfToken: z.string(),
  })
  .meta({ id: 'SecondFactorDue' });
export type SecondFactorDue = z.infer<typeof SecondFactorDueSchema>;

export const LoginResponseSchema = z
  .union([z.object({ user: MeSchema, csrfToken: z.string() }), SecondFactorDueSchema])
  .meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** A 6-digit code of the authenticator app, or one of the recovery codes (xxxxx-xxxxx). Spaces are ignored. */
export const SecondFactorCodeSchema = z
  .object({
    code: z
      .string()
      .max(40, 'Codice non valido.')
      .transform((s) => s.replace(/\s+/g, '').toLowerCase())
      .refine((s) => /^\d{6}$/.test(s) || /^[a-z0-9]{5}-[a-z0-9]{5}$/.test(s), 'Codice non valido: 6 cifre dell’app oppure un codice di recupero.'),
  })
  .meta({ id: 'SecondFactorCode' });
export type SecondFactorCode = z.infer<typeof SecondFactorCodeSchema>;

export const TOTP_RECOVERY_CODES = 10;

export const SecondFactorStatusSchema = z
  .object({
    enrolled: z.boolean(),
    /** The role requires a second factor: it cannot be switched off. */
    required: z.boolean(),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecondFactorStatus' });
export type SecondFactorStatus = z.infer<typeof SecondFactorStatusSchema>;

/** A new secret to scan: the QR code (SVG) and the same secret as text for apps that cannot scan. */
export const TotpEnrolmentSchema = z
  .object({ secret: z.string(), otpauthUri: z.string(), qrSvg: z.string() })
  .meta({ id: 'TotpEnrolment' });
export type TotpEnrolment = z.infer<typeof TotpEnrolmentSchema>;

/** Shown once, after the first code is confirmed; `user` is set when the confirmation also completed a login. */
export const TotpConfirmedSchema = z
  .object({ recoveryCodes: z.array(z.string()), user: MeSchema.nullable(), csrfToken: z.string() })
  .meta({ id: 'TotpConfirmed' });
export type TotpConfirmed = z.infer<typeof TotpConfirmedSchema>;

/** A configured identity provider as the login page shows it. */
export const LoginProviderSchema = z.object({ id: z.string(), label: z.string() }).meta({ id: 'LoginProvider' });
export const LoginOptionsSchema = z
  .object({ providers: z.array(LoginProviderSchema) })
  .meta({ id: 'LoginOptions' });
export type LoginOptions = z.infer<typeof LoginOptionsSchema>;
