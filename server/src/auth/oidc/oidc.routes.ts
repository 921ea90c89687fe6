import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { LoginOptionsSchema } from '@cit/shared';
import { ApiRouter } from '../../platform/http/api-router';
import type { AuthService } from '../auth.service';
import type { LoginFlow } from '../login-flow';
import { OidcFailure, type OidcLogin } from './oidc.service';

const Provider = z.object({ id: z.string().max(32) });

/** Where the browser lands: the page that asks the code, or the page that explains why nobody was signed in. */
export const SECOND_FACTOR_PAGE = '/accesso/secondo-fattore';
export const FAILURE_PAGE = '/accesso/non-riuscito';

/** Login through an identity provider: the redirect out, and the callback that signs the person in. */
export function oidcRoutes(paths: ZodOpenApiPathsObject, oidc: OidcLogin, flow: LoginFlow, auth: AuthService): ApiRouter {
  return new ApiRouter('/api/auth', 'Autenticazione', paths)
    .get(
      '/providers',
      { summary: 'Fornitori di identità configurati (pulsanti della pagina di accesso)', access: 'public', response: LoginOptionsSchema },
      async () => ({ providers: oidc.list() }),
    )
    .get(
      '/oidc/:id/start',
      {
        summary: 'Inizia l’accesso con un fornitore di identità (reindirizza)',
        description: 'Flusso authorization code con PKCE; state e nonce legati alla sessione del browser.',
        access: 'public',
        params: Provider,
        errors: [404],
      },
      async ({ req, res, params }) => {
        oidc.provider(params.id);
        try {
          const { url, pending } = await oidc.start(params.id);
          req.session.oidc = pending;
          res.redirect(302, url);
        } catch (err) {
          req.log.warn({ err, provider: params.id }, 'identity provider unreachable');
          res.redirect(302, `${FAILURE_PAGE}?motivo=failed`);
        }
      },
    )
    .get(
      '/oidc/:id/callback',
      {
        summary: 'Ritorno dal fornitore di identità: collega la persona all’utente dal codice fiscale',
        description: 'Non crea mai utenti: una persona il cui codice fiscale non è associato a nessun utente vede una pagina che lo spiega.',
        access: 'public',
        params: Provider,
        errors: [404],
      },
      async ({ req, res, params }) => {
        oidc.provider(params.id);
        const pending = req.session.oidc;
        // One try per started login: a replayed or forged callback finds nothing to match.
        delete req.session.oidc;
        const method = `oidc:${params.id}` as const;
        let reason: string;
        let who = 'sconosciuto';
        try {
          const identity = await oidc.finish(params.id, req, pending);
          who = identity.fiscalCode;
          const account = await auth.byFiscalCode(identity.fiscalCode);
          if (!account) throw new OidcFailure('unknown', 'no user with this codice fiscale');
          if (account.disabled) throw new OidcFailure('disabled', 'account disabled');
          if (!oidc.serves(params.id, account.role)) throw new OidcFailure('role', `provider does not serve ${account.role}`);
          const result = await flow.afterFirstFactor(req, account.id, method, identity.strong);
          res.redirect(302, 'secondFactor' in result ? `${SECOND_FACTOR_PAGE}?passo=${result.secondFactor}` : '/');
          return;
        } catch (err) {
          if (!(err instanceof OidcFailure)) throw err;
          reason = err.reason;
          req.log.info({ provider: params.id, reason, detail: err.message }, 'identity provider login refused');
        }
        await flow.recordFailure(req, who, method, reason);
        res.redirect(302, `${FAILURE_PAGE}?motivo=${reason}`);
      },
    );
}
