import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { CsrfResponseSchema, CurrentSessionSchema, LoginRequestSchema, LoginResponseSchema, SessionResponseSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { AppError } from '../platform/http/errors';
import type { AuthService } from './auth.service';
import type { LiveSessions } from './password-links';
import type { LoginFlow } from './login-flow';
import { csrf, destroySession, SESSION_COOKIE } from './session';
import type { LoginThrottle } from './throttle/login-throttle';

export function authRoutes(auth: AuthService, flow: LoginFlow, paths: ZodOpenApiPathsObject, throttle: LoginThrottle, live: LiveSessions): ApiRouter {
  return new ApiRouter('/api/auth', 'Autenticazione', paths)
    .get(
      '/csrf',
      {
        summary: 'Token CSRF della sessione',
        description: 'Va inviato nell’header x-csrf-token di ogni richiesta che modifica dati.',
        access: 'public',
        response: CsrfResponseSchema,
      },
      async ({ req }) => ({ csrfToken: csrf.generateToken(req) }),
    )
    .post(
      '/login',
      {
        summary: 'Accesso con e-mail e password',
        description:
          'Rigenera la sessione e restituisce un nuovo token CSRF. Se l’account ha un secondo fattore, o il ruolo lo richiede, la risposta è `secondFactor` (verify: chiedere il codice; enrol: attivare l’app) e l’accesso si completa con /api/auth/second-factor. Nessun account viene bloccato: dopo ripetuti errori su un account ogni tentativo attende qualche secondo; un indirizzo di rete con troppi errori riceve 429 per un tempo limitato. La risposta è la stessa che l’account esista o no.',
        access: 'public',
        body: LoginRequestSchema,
        response: LoginResponseSchema,
        errors: [401, 403, 429],
      },
      async ({ req, body }) => {
        const attempt = await throttle.beginLogin(req.ip ?? 'unknown', body.email);
        let userId: string;
        try {
          userId = await auth.login(body.email, body.password);
        } catch (err) {
          if (err instanceof AppError && err.code === 'invalid_credentials') await attempt.failed();
          if (err instanceof AppError) await flow.recordFailure(req, body.email, 'password', err.code);
          throw err;
        }
        await attempt.succeeded();
        return flow.afterFirstFactor(req, userId, 'password', false);
      },
    )
    .post(
      '/logout',
      { summary: 'Uscita: chiude la sessione', access: 'public', status: 204 },
      async ({ req, res }) => {
        const sessionId = req.sessionID;
        await destroySession(req);
        // The page's live connection was opened with this session: it ends now, not at the next periodic check.
        live.disconnectSession(sessionId);
        res.clearCookie(SESSION_COOKIE, { path: '/' });
      },
    )
    .get(
      '/session',
      {
        summary: 'Sessione corrente: utente (o null se non autenticato) e token CSRF',
        description:
          'Come /me, ma chi non ha una sessione riceve user null con 200: la pagina di accesso la chiama senza errori in console.',
        access: 'public',
        response: CurrentSessionSchema,
      },
      async ({ req }) => ({
        user: req.auth ? await auth.me(req.auth.user, req.auth.scope) : null,
        csrfToken: csrf.generateToken(req),
      }),
    )
    .get(
      '/me',
      { summary: 'Chi sono: utente, ruolo ed Enti', access: 'signed-in', response: SessionResponseSchema },
      async ({ req, auth: caller }) => ({
        user: await auth.me(caller.user, caller.scope),
        csrfToken: csrf.generateToken(req),
      }),
    );
}
