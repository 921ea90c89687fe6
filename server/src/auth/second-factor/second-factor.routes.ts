import { z } from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import {
  LoginResponseSchema,
  rolesFor,
  SecondFactorCodeSchema,
  SecondFactorStatusSchema,
  TotpConfirmedSchema,
  TotpEnrolmentSchema,
} from '@cit/shared';
import { ApiRouter } from '../../platform/http/api-router';
import { AppError } from '../../platform/http/errors';
import { auditActor } from '../../audit/audit-log.repository';
import type { AuthService } from '../auth.service';
import { type LoginFlow } from '../login-flow';
import { csrf } from '../session';

const Id = z.object({ id: z.uuid('Identificativo di utente non valido.') });
const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) }).meta({ id: 'RecoveryCodes' });

/**
 * The second factor: the step of a login that waits for it (public: the caller is not signed in yet), the user's
 * own app on the profile page, and the admin's reset.
 */
export function secondFactorRoutes(paths: ZodOpenApiPathsObject, flow: LoginFlow, auth: AuthService): ApiRouter {
  const service = flow.secondFactor;
  /** Who is enrolling: the signed-in user, or the login waiting for an enrolment its role requires. */
  const enrolling = async (ctx: { req: Parameters<LoginFlow['pending']>[0] }) => {
    if (ctx.req.auth) return ctx.req.auth.user;
    const pending = flow.pending(ctx.req);
    const account = pending.enrol ? await auth.activeUser(pending.userId) : undefined;
    if (!account) throw new AppError(401, 'second_factor_expired', 'L’accesso in corso è scaduto o non è valido: ripetere l’accesso.');
    return account.user;
  };

  return new ApiRouter('/api/auth/second-factor', 'Autenticazione', paths)
    .post(
      '/',
      {
        summary: 'Completa l’accesso con il codice dell’app o un codice di recupero',
        description: 'Dopo una risposta `secondFactor: verify` del login. Ogni codice vale una volta; cinque codici errati annullano l’accesso in corso.',
        access: 'public',
        body: SecondFactorCodeSchema,
        response: LoginResponseSchema,
        errors: [401],
      },
      ({ req, body }) => flow.completeWithCode(req, body.code),
    )
    .get(
      '/',
      { summary: 'Stato del secondo fattore dell’utente', access: 'signed-in', response: SecondFactorStatusSchema },
      ({ auth: caller }) => service.status(caller.user.id, caller.user.role),
    )
    .post(
      '/enrolment',
      {
        summary: 'Nuovo segreto TOTP da inquadrare (codice QR)',
        description: 'Per l’utente collegato, o durante un accesso che richiede l’attivazione (`secondFactor: enrol`). Vale solo dopo la conferma con un codice.',
        access: 'public',
        response: TotpEnrolmentSchema,
        errors: [401, 409],
      },
      async (ctx) => {
        const user = await enrolling(ctx);
        return service.startEnrolment(user.id, user.email);
      },
    )
    .post(
      '/enrolment/confirm',
      {
        summary: 'Conferma l’app con un primo codice: restituisce i dieci codici di recupero',
        description: 'I codici di recupero sono mostrati solo questa volta. Se l’attivazione era richiesta dall’accesso, l’accesso è completato (`user`).',
        access: 'public',
        body: SecondFactorCodeSchema,
        response: TotpConfirmedSchema,
        errors: [401, 409],
      },
      async ({ req, body }) => {
        if (req.auth) {
          const recoveryCodes = await service.confirmEnrolment(req.auth.user.id, body.code, { userId: req.auth.user.id, name: req.auth.user.name, email: req.auth.user.email, ip: req.ip ?? null });
          return { recoveryCodes, user: null, csrfToken: csrf.generateToken(req) };
        }
        const { recoveryCodes, login } = await flow.completeEnrolment(req, body.code);
        return { recoveryCodes, user: 'user' in login ? login.user : null, csrfToken: login.csrfToken };
      },
    )
    .post(
      '/recovery-codes',
      {
        summary: 'Nuovi codici di recupero (i precedenti smettono di valere)',
        access: 'signed-in',
        body: SecondFactorCodeSchema,
        response: RecoveryCodesSchema,
      },
      async (ctx) => ({ recoveryCodes: await service.renewRecoveryCodes(ctx.auth.user.id, ctx.body.code, auditActor(ctx)) }),
    )
    .post(
      '/disable',
      {
        summary: 'Disattiva il proprio secondo fattore (solo dove il ruolo non lo richiede)',
        access: 'signed-in',
        body: SecondFactorCodeSchema,
        status: 204,
        errors: [409],
      },
      (ctx) => service.disableOwn(ctx.auth.user.id, ctx.auth.user.role, ctx.body.code, auditActor(ctx)),
    )
    .post(
      '/reset/:id',
      {
        summary: 'Azzera il secondo fattore di un utente (telefono perso)',
        description: 'L’utente attiverà una nuova app al prossimo accesso. Registrato nel registro delle modifiche.',
        access: rolesFor('second-factor.reset'),
        params: Id,
        status: 204,
        errors: [404, 409],
      },
      (ctx) => service.reset(ctx.params.id, auditActor(ctx)),
    );
}
