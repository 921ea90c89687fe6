import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { ForgotPasswordResponseSchema, ForgotPasswordSchema, ResetPasswordSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { FORGOT_PASSWORD_MESSAGE, type PasswordLinks } from './password-links';
import type { LoginThrottle } from './throttle/login-throttle';

/** Self-service password: ask for a link, use a link (invitation or reset). Both are public and need the CSRF token. */
export function passwordLinksRoutes(paths: ZodOpenApiPathsObject, links: PasswordLinks, throttle: LoginThrottle): ApiRouter {
  return new ApiRouter('/api/auth/password', 'Autenticazione', paths)
    .post(
      '/forgot',
      {
        summary: 'Chiede un collegamento per reimpostare la password',
        description: 'La risposta è la stessa che l’indirizzo esista o no; al massimo 3 collegamenti l’ora per indirizzo e-mail; 429 oltre il limite di richieste l’ora per indirizzo di rete.',
        access: 'public',
        body: ForgotPasswordSchema,
        response: ForgotPasswordResponseSchema,
        status: 202,
        errors: [429],
      },
      async ({ req, body }) => {
        await throttle.passwordRequest(req.ip ?? 'unknown');
        await links.forgot(body.email);
        return { message: FORGOT_PASSWORD_MESSAGE };
      },
    )
    .post(
      '/reset',
      {
        summary: 'Imposta la password con il collegamento ricevuto per e-mail',
        description:
          'Vale per l’invito e per il recupero. Almeno 10 caratteri, non un solo carattere ripetuto, non uguale all’e-mail. Chiude tutte le sessioni dell’utente. 400 invalid_link se il collegamento è sconosciuto, già usato o scaduto; 429 oltre il limite di richieste l’ora per indirizzo di rete.',
        access: 'public',
        body: ResetPasswordSchema,
        status: 204,
        errors: [429],
      },
      async ({ req, body }) => {
        await throttle.passwordRequest(req.ip ?? 'unknown');
        await links.reset(body.token, body.password);
      },
    );
}
