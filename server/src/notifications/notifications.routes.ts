import { Router, type Response } from 'express';
import escapeHtml from 'escape-html';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { dayParam, FollowingSchema, intParam, limitParam, PreferencesSchema, SurveyAnswerListQuerySchema, SurveyAnswerListSchema, UpdatePreferencesSchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { AppError } from '../platform/http/errors';
import type { NotificationService } from './notifications.service';
import type { SurveyAnswer, SurveyService } from './surveys';
import { page } from './public-page';

export interface NotificationRoutesDeps {
  service: NotificationService;
  surveys: SurveyService;
  /** The development mail catcher is running: mount its pages. */
  devMailbox: boolean;
}

const Id = z.object({ id: z.string() });
const MailStatus = z.enum(['queued', 'sent', 'failed']);
const OutgoingMail = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid().nullable(),
    recipientUserId: z.uuid().nullable(),
    template: z.string(),
    toAddress: z.string(),
    subject: z.string(),
    status: MailStatus,
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'OutgoingMail' });
const StatsRow = { count: z.number().int(), average: z.number() };
const SurveyStats = z
  .object({
    overall: z.object(StatsRow),
    byService: z.array(z.object({ serviceCode: z.string().nullable(), serviceName: z.string().nullable(), ...StatsRow })),
    byOperator: z.array(z.object({ operatorId: z.string().nullable(), operatorName: z.string().nullable(), ...StatsRow })),
    byMonth: z.array(z.object({ month: z.string(), ...StatsRow })),
  })
  .meta({ id: 'SurveyStats' });
const Survey = z
  .object({
    ticketId: z.uuid(),
    protocol: z.string(),
    title: z.string(),
    score: z.number().int().nullable(),
    comment: z.string().nullable(),
    expiresAt: z.string(),
  })
  .meta({ id: 'Survey' });
const CaughtMail = z.object({
  id: z.string(),
  receivedAt: z.string(),
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
});

export function notificationsRoutes(paths: ZodOpenApiPathsObject, { service, surveys, devMailbox }: NotificationRoutesDeps): Router {
  const router = Router();
  const mail = new ApiRouter('/api', 'E-mail', paths)
    .get(
      '/admin/mails',
      {
        summary: 'E-mail in uscita (es. status=failed: quelle non consegnate dopo tutti i tentativi)',
        access: ['admin'],
        query: z.object({ status: MailStatus.optional(), ticketId: z.uuid().optional(), limit: limitParam(500, 100) }),
        response: z.array(OutgoingMail),
      },
      async ({ query }) => service.listMails(query),
    )
    .post(
      '/admin/mails/:id/retry',
      { summary: "Rimette in coda un'e-mail non consegnata", access: ['admin'], params: Id, response: OutgoingMail, errors: [404, 409] },
      async ({ params }) => service.retry(params.id),
    )
    .get(
      '/tickets/:id/follow',
      { summary: 'Se seguo il ticket (ricevo le sue e-mail)', access: 'signed-in', params: Id, response: FollowingSchema, errors: [404] },
      async ({ params, auth }) => service.following(auth, params.id),
    )
    .post(
      '/tickets/:id/follow',
      {
        summary: 'Segue il ticket: il chiamante ne riceve per e-mail gli aggiornamenti',
        description: "Per i referenti dell'Ente diversi dal richiedente; DELETE sullo stesso indirizzo smette di seguirlo.",
        access: 'signed-in',
        params: Id,
        response: FollowingSchema,
        errors: [404],
      },
      async ({ params, auth }) => service.follow(auth, params.id, true),
    )
    .delete(
      '/tickets/:id/follow',
      { summary: 'Smetti di seguire il ticket', access: 'signed-in', params: Id, response: FollowingSchema, errors: [404] },
      async ({ params, auth }) => service.follow(auth, params.id, false),
    )
    .get('/me/preferences', { summary: 'Preferenze (e-mail, lingua, notifiche del browser)', access: 'signed-in', response: PreferencesSchema }, async ({ auth }) => service.preferences(auth))
    .patch(
      '/me/preferences',
      {
        summary: 'Cambia le preferenze (rinuncia alle e-mail non essenziali, lingua, notifiche del browser)',
        access: 'signed-in',
        body: UpdatePreferencesSchema,
        response: PreferencesSchema,
      },
      async ({ body, auth }) => service.preferences(auth, body),
    );
  const survey = new ApiRouter('/api/surveys', 'Questionari', paths)
    .get(
      '/stats',
      {
        summary: 'Soddisfazione: medie per servizio, operatore e mese',
        access: ['operator', 'approver', 'admin'],
        query: z.object({ from: dayParam('Dal').optional(), to: dayParam('Al').optional() }),
        description: 'Giorni AAAA-MM-GG in ora italiana, estremi inclusi.',
        response: SurveyStats,
      },
      async ({ query }) => surveys.stats(query.from, query.to),
    )
    // Before '/:token': «answers» is not a survey link.
    .get(
      '/answers',
      {
        summary: 'Le risposte ai questionari di soddisfazione (voto e commento), dalla più recente',
        description: 'Filtri: giorni AAAA-MM-GG in ora italiana (estremi inclusi), Ente, voto. Paginazione con cursore.',
        access: ['operator', 'approver', 'admin'],
        query: SurveyAnswerListQuerySchema,
        response: SurveyAnswerListSchema,
      },
      async ({ query }) => surveys.answers(query),
    )
    .get(
      '/:token',
      {
        summary: 'Pagina del questionario (link nell’e-mail di chiusura); con score=1…5 registra il voto con un clic',
        access: 'public',
        params: z.object({ token: z.string().max(200) }),
        query: z.object({ score: intParam('Voto', 1, 5).optional(), comment: z.string().max(4000).optional() }),
      },
      async ({ params, query, res }) => {
        try {
          // The page's form always sends `comment` (maybe empty); the e-mail's one-click links send only `score`.
          const mode = query.comment !== undefined ? 'form' : 'link';
          const answer =
            query.score !== undefined || query.comment !== undefined ? await surveys.answer(params.token, query, mode) : await surveys.read(params.token);
          const message =
            'kept' in answer && answer.kept
              ? `Il voto già registrato è ${answer.score ?? ''}: per cambiarlo, scegliere il nuovo voto qui sotto e premere «Invia».`
              : mode === 'form'
                ? 'Grazie, la risposta è stata registrata.'
                : undefined;
          surveyPage(res, 200, params.token, answer, message);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          surveyPage(res, err.status, params.token, null, err.message);
        }
      },
    )
    .post(
      '/:token',
      {
        summary: 'Risponde al questionario (voto e/o commento); modificabile finché il link è valido',
        access: 'public',
        params: z.object({ token: z.string().max(200) }),
        body: z.object({ score: z.number().int().min(1).max(5).optional(), comment: z.string().max(4000).optional() }),
        response: Survey,
        errors: [404],
      },
      async ({ params, body }) => surveys.answer(params.token, body),
    );
  router.use(mail.router, survey.router);

  if (devMailbox) {
    const dev = new ApiRouter('/api/dev', 'Sviluppo', paths)
      .get(
        '/mails',
        {
          summary: 'Sviluppo: e-mail catturate dal server SMTP locale',
          access: ['admin'],
          query: z.object({ limit: limitParam(500, 100) }),
          response: z.array(CaughtMail),
        },
        async ({ query }) => service.caught(query.limit),
      )
      .get('/mails/:id', { summary: "Sviluppo: un'e-mail catturata", access: ['admin'], params: Id, response: CaughtMail, errors: [404] }, async ({ params }) =>
        service.caughtOne(params.id),
      )
      .get('/mails/:id/html', { summary: "Sviluppo: la versione HTML di un'e-mail catturata", access: ['admin'], params: Id, errors: [404] }, async ({ params, res }) => {
        const m = await service.caughtOne(params.id);
        // The mail's HTML is untrusted content: no script, no same-origin access.
        res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox");
        res.type('html').send(m.html ?? `<pre>${escapeHtml(m.text ?? '')}</pre>`);
      })
      .get('/mailbox', { summary: 'Sviluppo: pagina con le e-mail catturate', access: ['admin'] }, async ({ res }) => {
        res.type('html').send(mailboxPage(await service.caught(200)));
      });
    router.use(dev.router);
  }
  return router;
}

function surveyPage(res: Response, status: number, token: string, answer: SurveyAnswer | null, message?: string): void {
  const e = escapeHtml;
  let body: string;
  if (!answer) {
    body = `<h1 style="font-size:20px">Questionario di soddisfazione</h1><p>${e(message ?? 'Link non valido.')}</p>`;
  } else {
    const action = `/api/surveys/${encodeURIComponent(token)}`;
    const scores = [1, 2, 3, 4, 5]
      .map(
        (n) =>
          `<label style="margin-right:12px"><input type="radio" name="score" value="${n}"${answer.score === n ? ' checked' : ''} required> ${n}</label>`,
      )
      .join('');
    body = `<h1 style="font-size:20px">Come è andata?</h1>
<p>Ticket <strong>${e(answer.protocol)}</strong> – ${e(answer.title)}</p>
${answer.score !== null ? `<p>Voto registrato: <strong>${answer.score}</strong> su 5. Grazie!</p>` : ''}
${message ? `<p style="color:#0b6b2b">${e(message)}</p>` : ''}
<form method="get" action="${e(action)}">
<p>${scores}</p>
<p><label for="comment">Commento (facoltativo)</label><br>
<textarea id="comment" name="comment" rows="5" maxlength="4000" style="width:100%">${e(answer.comment ?? '')}</textarea></p>
<p><button type="submit" style="background:#0b5394;color:#fff;border:0;padding:10px 16px;border-radius:4px">Invia</button></p>
</form>
<p style="color:#555;font-size:13px">La risposta si può cambiare fino al ${e(new Date(answer.expiresAt).toLocaleDateString('it-IT', { timeZone: 'Europe/Rome' }))}. <span lang="en">You can change your answer until then.</span></p>`;
  }
  res.status(status).set('Cache-Control', 'no-store').type('html').send(page('Questionario di soddisfazione – CIT', body));
}

function mailboxPage(mails: Array<{ id: string; receivedAt: string; to: string[]; subject: string | null; text: string | null; headers: Record<string, string> }>): string {
  const e = escapeHtml;
  const rows = mails
    .map(
      (m) => `<details style="border-bottom:1px solid #ddd;padding:8px 0"><summary><strong>${e(m.subject ?? '(senza oggetto)')}</strong>
 → ${e(m.to.join(', '))} <span style="color:#777">${e(new Date(m.receivedAt).toLocaleString('it-IT', { timeZone: 'Europe/Rome' }))}</span></summary>
<p><a href="/api/dev/mails/${e(m.id)}/html" target="_blank" rel="noopener">Versione HTML</a></p>
<pre style="white-space:pre-wrap;background:#f6f6f6;padding:8px">${e(Object.entries(m.headers).map(([k, v]) => `${k}: ${v}`).join('\n'))}\n\n${e(m.text ?? '')}</pre></details>`,
    )
    .join('\n');
  return page('E-mail catturate – CIT (sviluppo)', `<h1 style="font-size:20px">E-mail catturate (sviluppo)</h1>
<p style="color:#555">Server SMTP locale: nessuna e-mail lascia questa macchina.</p>${rows || '<p>Nessuna e-mail.</p>'}`);
}
