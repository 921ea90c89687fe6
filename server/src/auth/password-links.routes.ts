import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { ForgotPasswordResponseSchema, ForgotPasswordSchema, ResetPasswordSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { FORGOT_PASSWORD_MESSAGE, type PasswordLinks } from './password-links';

/** Self-service password: ask for a link, use a link (invitation or reset). Both are public and need the CSRF token. */
export function passwordLinksRoutes(paths: ZodOpenApiPathsObject, links: PasswordLinks): ApiRouter {
  return new ApiRouter('/api/auth/password', 'Autenticazione', paths)
    .post(
      '/forgot',
      {
        summary: 'Chiede un collegamento per reimpostare la password',
        description: 'La risposta è la stessa che l’indirizzo esista o no; al massimo 3 collegamenti l’ora per indirizzo.',
        access: 'public',
        body: ForgotPasswordSchema,
        response: ForgotPasswordResponseSchema,
        status: 202,
      },
      async ({ body }) => {
        await links.forgot(body.email);
        return { message: FORGOT_PASSWORD_MESSAGE };
      },
    )
    .post(
      '/reset',
      {
        summary: 'Imposta la password con il collegamento ricevuto per e-mail',
        description:
          'Vale per l’invito e per il recupero. Almeno 10 caratteri, non un solo carattere ripetuto, non uguale all’e-mail. Chiude tutte le sessioni dell’utente. 400 invalid_link se il collegamento è sconosciuto, già usato o scaduto.',
        access: 'public',
        body: ResetPasswordSchema,
        status: 204,
      },
      async ({ body }) => {
        await links.reset(body.token, body.password);
      },
    );
}
