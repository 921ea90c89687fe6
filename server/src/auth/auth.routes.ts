import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { CsrfResponseSchema, LoginRequestSchema, SessionResponseSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import type { AuthService } from './auth.service';
import type { LiveSessions } from './password-links';
import { csrf, destroySession, regenerateSession, SESSION_COOKIE } from './session';

export function authRoutes(auth: AuthService, paths: ZodOpenApiPathsObject, live: LiveSessions): ApiRouter {
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
        description: 'Rigenera la sessione e restituisce un nuovo token CSRF. Dopo ripetuti errori l’account è bloccato per un tempo limitato (423).',
        access: 'public',
        body: LoginRequestSchema,
        response: SessionResponseSchema,
        errors: [401, 423],
      },
      async ({ req, body }) => {
        const userId = await auth.login(body.email, body.password);
        await regenerateSession(req);
        req.session.userId = userId;
        const account = await auth.activeUser(userId);
        if (!account) throw new Error('account vanished during login');
        const me = await auth.me(account.user, account.scope);
        return { user: me, csrfToken: csrf.generateToken(req, true) };
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
      '/me',
      { summary: 'Chi sono: utente, ruolo ed Enti', access: 'signed-in', response: SessionResponseSchema },
      async ({ req, auth: caller }) => ({
        user: await auth.me(caller.user, caller.scope),
        csrfToken: csrf.generateToken(req),
      }),
    );
}
