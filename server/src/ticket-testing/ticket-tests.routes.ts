import escapeHtml from 'escape-html';
import type { Response } from 'express';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { TicketTestAnswerQuerySchema } from '@cit/shared';
import { ApiRouter } from '../platform/http/api-router';
import { AppError } from '../platform/http/errors';
import { page } from '../notifications/public-page';
import type { TicketTestLinks, TicketToTest } from './ticket-tests.service';

const STATUS_TEXT: Partial<Record<TicketToTest['status'], string>> = {
  closed: 'Grazie: ha confermato che la correzione funziona, il ticket è chiuso.',
  new: 'Il ticket è stato riaperto e torna al CIT.',
  assigned: 'Il ticket è stato riaperto e torna al CIT.',
};

export function ticketTestsRoutes(paths: ZodOpenApiPathsObject, links: TicketTestLinks): ApiRouter {
  return new ApiRouter('/api/ticket-tests', 'Ticket', paths).get(
    '/:token',
    {
      summary: '«Da testare»: pagina del collegamento nell’e-mail; con answer=confirm|reopen conferma o riapre il ticket',
      description:
        'Il collegamento firmato vale per il richiedente e il ticket indicati, fino alla scadenza. Senza `answer` mostra soltanto il ticket (chi apre il link per controllo non cambia nulla).',
      access: 'public',
      params: z.object({ token: z.string().max(300) }),
      query: TicketTestAnswerQuerySchema,
    },
    async ({ params, query, res }) => {
      try {
        const t = query.answer
          ? await links.answer(params.token, query.answer === 'reopen' ? { answer: 'reopen', message: query.message ?? '' } : { answer: 'confirm', message: query.message })
          : await links.read(params.token);
        testPage(res, 200, params.token, t, query.answer ? STATUS_TEXT[t.status] : undefined);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        testPage(res, err.status, params.token, null, err.message);
      }
    },
  );
}

function testPage(res: Response, status: number, token: string, t: TicketToTest | null, message?: string): void {
  const e = escapeHtml;
  let body = `<h1 style="font-size:20px">Correzione da testare</h1>`;
  if (message) body += `<p role="status" style="color:${status < 400 ? '#0b6b2b' : '#a00'}">${e(message)}</p>`;
  if (t) {
    body += `<p>Ticket <strong>${e(t.protocol)}</strong> – ${e(t.title)}</p>`;
    if (t.solution) body += `<p>Correzione consegnata:</p><blockquote style="white-space:pre-wrap;border-left:3px solid #0b5394;background:#f3f6fa;padding:8px 12px;margin:0">${e(t.solution)}</blockquote>`;
    if (t.status === 'to_test') {
      const action = `/api/ticket-tests/${encodeURIComponent(token)}`;
      const button = 'border:0;padding:10px 16px;border-radius:4px;color:#fff;cursor:pointer';
      body += `
<form method="get" action="${e(action)}" style="margin-top:20px">
<input type="hidden" name="answer" value="confirm">
<p><label for="confirm-message">Commento (facoltativo)</label><br><textarea id="confirm-message" name="message" rows="3" maxlength="20000" style="width:100%"></textarea></p>
<p><button type="submit" style="${button};background:#0b6b2b">Funziona: conferma e chiudi</button></p>
</form>
<form method="get" action="${e(action)}" style="margin-top:20px">
<input type="hidden" name="answer" value="reopen">
<p><label for="reopen-message">Che cosa non funziona? (obbligatorio per riaprire)</label><br><textarea id="reopen-message" name="message" rows="4" minlength="3" maxlength="20000" required style="width:100%"></textarea></p>
<p><button type="submit" style="${button};background:#a00">Non funziona: riapri</button></p>
</form>`;
    } else if (!message) {
      body += `<p>Il ticket non è più in attesa della Sua verifica.</p>`;
    }
  }
  res.status(status).set('Cache-Control', 'no-store').type('html').send(page('Correzione da testare – CIT', body));
}
