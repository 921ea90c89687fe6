import { z } from 'zod';
import { limitParam } from './request-values';
import { LanguageSchema, RoleSchema } from './auth';
import { isValidPersonalFiscalCode } from './fiscal-code';

/** A person's codice fiscale: spaces dropped, upper-cased, 16 characters with the right control letter. */
export const PersonalFiscalCodeSchema = z
  .string()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .refine((s) => isValidPersonalFiscalCode(s), 'Codice fiscale non valido: servono 16 caratteri con il carattere di controllo corretto.');

const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Indirizzo e-mail troppo lungo.')
  .pipe(z.email('Indirizzo e-mail non valido.'));

const NameSchema = z.string().trim().min(1, 'Il nome è obbligatorio.').max(200, 'Il nome può avere al massimo 200 caratteri.');

const EnteIdsSchema = z.array(z.uuid('Identificativo di Ente non valido.')).max(50, 'Troppi Enti.');

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    language: LanguageSchema,
    enti: z.array(z.object({ id: z.uuid(), name: z.string() })),
    supplier: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    disabledAt: z.string().nullable(),
    /** False until the user has used the invitation link. */
    passwordSet: z.boolean(),
    /** Matches SPID/CIE and single sign-on logins to the account; null when not known. */
    fiscalCode: z.string().nullable(),
    /** True once the user has enrolled an authenticator app (second factor). */
    totpEnrolled: z.boolean(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;

export const UserListQuerySchema = z.object({
  role: RoleSchema.optional(),
  /** Part of the name or of the e-mail. */
  q: z.string().trim().min(1).max(100).optional(),
  limit: limitParam(),
  cursor: z.string().max(500).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuerySchema>;

export const UserListSchema = z
  .object({ items: z.array(UserSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'UserList' });
export type UserList = z.infer<typeof UserListSchema>;

export const CreateUserSchema = z
  .object({
    email: EmailSchema,
    name: NameSchema,
    role: RoleSchema,
    enteIds: EnteIdsSchema.optional(),
    supplierId: z.uuid('Identificativo di fornitore non valido.').nullable().optional(),
    language: LanguageSchema.optional(),
    fiscalCode: PersonalFiscalCodeSchema.nullable().optional(),
  })
  .meta({ id: 'CreateUser' });
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    name: NameSchema.optional(),
    role: RoleSchema.optional(),
    enteIds: EnteIdsSchema.optional(),
    /** null removes the supplier (only meaningful together with a change of role). */
    supplierId: z.uuid('Identificativo di fornitore non valido.').nullable().optional(),
    language: LanguageSchema.optional(),
    /** null removes it. */
    fiscalCode: PersonalFiscalCodeSchema.nullable().optional(),
    /** true disables the account at once (sessions and live connections end); false enables it again. */
    disabled: z.boolean().optional(),
  })
  .meta({ id: 'UpdateUser' });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const AssignableUserSchema = z.object({ id: z.uuid(), name: z.string(), role: RoleSchema }).meta({ id: 'AssignableUser' });
export type AssignableUser = z.infer<typeof AssignableUserSchema>;
export const AssignableUserListSchema = z.array(AssignableUserSchema).meta({ id: 'AssignableUserList' });

export const PASSWORD_MIN_LENGTH = 10;

/**
 * The rules that need nothing but the password; "not the e-mail" is checked by the server, which knows
 * whose link it is. The client can reuse this for live hints.
 */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `La password deve avere almeno ${PASSWORD_MIN_LENGTH} caratteri.`)
  // argon2 hashes whatever it gets: the cap keeps a huge body from costing CPU.
  .max(1024, 'La password può avere al massimo 1024 caratteri.')
  .refine((p) => new Set(p).size > 1, 'La password non può essere un solo carattere ripetuto.');

export const ForgotPasswordSchema = z.object({ email: EmailSchema }).meta({ id: 'ForgotPassword' });
export type ForgotPassword = z.infer<typeof ForgotPasswordSchema>;

export const ForgotPasswordResponseSchema = z.object({ message: z.string() }).meta({ id: 'ForgotPasswordResponse' });

export const ResetPasswordSchema = z
  .object({
    token: z.string().min(1, 'Il collegamento non è completo.').max(200, 'Il collegamento non è valido.'),
    password: NewPasswordSchema,
  })
  .meta({ id: 'ResetPassword' });
export type ResetPassword = z.infer<typeof ResetPasswordSchema>;
