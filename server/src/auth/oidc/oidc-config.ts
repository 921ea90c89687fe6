import { z } from 'zod';
import { RoleSchema } from '@cit/shared';

/** The acr values that mean "SPID level 2 or more, or CIE": with them no TOTP is asked. */
export const DEFAULT_STRONG_ACR = [
  'https://www.spid.gov.it/SpidL2',
  'https://www.spid.gov.it/SpidL3',
  'https://www.spid.gov.it/SpidL2/',
  'https://www.spid.gov.it/SpidL3/',
  'CIE_L2',
  'CIE_L3',
];

/**
 * One identity provider (an OpenID Connect issuer): the Provincia's single sign-on for the CIT staff, or the
 * SPID/CIE gateway for the Enti. Configured in OIDC_PROVIDERS as a JSON array of these objects.
 */
export const OidcProviderConfigSchema = z.object({
  /** Short name used in the addresses (/api/auth/oidc/<id>/…). */
  id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'id: lettere minuscole, cifre e trattini'),
  /** Text of the login page's button, e.g. "Entra con SPID o CIE". */
  label: z.string().min(1).max(80),
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  scopes: z.array(z.string().regex(/^[\x21-\x7e]+$/)).default(['openid', 'profile']),
  /** The claim that carries the codice fiscale: `fiscalNumber` for SPID/CIE gateways (TINIT-…), or another name. */
  fiscalCodeClaim: z.string().min(1).default('fiscalNumber'),
  /** The roles this provider may sign in (a user of another role is refused). */
  roles: z.array(RoleSchema).min(1),
  /** acr values asked for (acr_values), e.g. SpidL2. */
  acrValues: z.array(z.string()).optional(),
  /** acr values that count as a strong login (no TOTP asked). */
  strongAcr: z.array(z.string()).default(DEFAULT_STRONG_ACR),
});
export type OidcProviderConfig = z.infer<typeof OidcProviderConfigSchema>;

/** The OIDC_PROVIDERS variable: empty or unset means password login only. */
export const OidcProvidersSchema = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (!raw || raw.trim() === '') return [] as OidcProviderConfig[];
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'deve essere un array JSON di fornitori di identità' });
      return z.NEVER;
    }
    const parsed = z.array(OidcProviderConfigSchema).safeParse(json);
    if (!parsed.success) {
      for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${i.path.join('.')}: ${i.message}` });
      return z.NEVER;
    }
    const ids = parsed.data.map((p) => p.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', message: 'due fornitori con lo stesso id' });
      return z.NEVER;
    }
    return parsed.data;
  });

/** PASSWORD_LOGIN_DISABLED_ROLES: comma-separated roles that may sign in only through a provider. */
export const RoleListSchema = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const items = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const parsed = z.array(RoleSchema).safeParse(items);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'ruoli non validi (es. ente_user,capofila_user)' });
      return z.NEVER;
    }
    return parsed.data;
  });
