import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMail, renderAccountMail, type MailEvent, type TicketFacts } from './templates';
import { renderRenewalNotice } from './renewal-notice-template';
import type { Lang } from './mail-texts';
import { renderStatementAvailable, renderStatementNotice, renderTicketActNotice, renderUnsendable } from '../official-notices/notice-templates';

const dir = join(__dirname, 'mail-texts');
const keysOf = (o: unknown, prefix = ''): string[] =>
  typeof o === 'object' && o !== null && !Array.isArray(o)
    ? Object.entries(o).flatMap(([k, v]) => keysOf(v, `${prefix}${k}.`))
    : [prefix.slice(0, -1)];

const ticket: TicketFacts = { protocol: '2026/000042', title: 'Stampante', enteName: 'Comune di Alfa', serviceName: 'Casella PEC', link: 'https://h.example/ticket/1' };
const EVENTS: MailEvent[] = [
  { kind: 'received' },
  { kind: 'new_ticket', triage: { requester: 'Anna', type: 'incident', category: 'assistance', urgency: 'high', description: 'Non stampa', attachments: ['schermata'] } },
  { kind: 'taken' },
  { kind: 'planned', at: '2026-12-10T09:00:00Z' },
  { kind: 'pending', reason: 'Serve il modello' },
  { kind: 'solved', solution: 'Driver' },
  { kind: 'to_test', solution: 'Patch', link: 'https://h.example/t' },
  { kind: 'closed' },
  { kind: 'reopened' },
  { kind: 'deleted' },
  { kind: 'status', status: 'pending' },
  { kind: 'followup', author: 'Mario', body: 'Ciao' },
  { kind: 'closed_reply', author: 'Mario', body: 'Ancora' },
  { kind: 'approval_requested' },
  { kind: 'approved' },
  { kind: 'rejected', reason: 'No' },
  { kind: 'applied', cancellation: false, summary: '€ 20' },
  { kind: 'applied', cancellation: true, summary: null },
  { kind: 'not_applied', reason: 'Listino' },
  { kind: 'sla', state: 'at_risk' },
  { kind: 'sla', state: 'breached' },
  { kind: 'assigned_to_you' },
  { kind: 'supplier_assigned' },
  { kind: 'survey', links: ['https://h.example/s?score=1'], expires: new Date('2027-01-01T00:00:00Z') },
  { kind: 'retriaged', urgency: { from: 'medium', to: 'blocking' }, service: { from: null, to: 'pec' }, resolveDue: '2026-12-11T10:00:00Z', reason: 'Ufficio fermo' },
];

const LEFTOVER = /\{\{|\}\}|\b[a-z]+[A-Z][A-Za-z]*\b|\b[a-z]+\.[a-z_]+\b(?![.@/])|^\s*(subject|body|intro|line|lines)\s*$/m;

describe('mail texts: one i18next resource per mail kind, in Italian and English', () => {
  const files = (lang: Lang) => readdirSync(join(dir, lang)).filter((f) => f.endsWith('.json')).sort();

  it('every Italian file has its English twin with exactly the same keys, and the index loads them all', () => {
    expect(files('en')).toEqual(files('it'));
    const index = readFileSync(join(dir, 'index.ts'), 'utf8');
    for (const f of files('it')) {
      const read = (lang: Lang) => JSON.parse(readFileSync(join(dir, lang, f), 'utf8')) as unknown;
      expect({ f, keys: keysOf(read('en')).sort() }).toEqual({ f, keys: keysOf(read('it')).sort() });
      expect(index).toContain(`'./it/${f}'`);
      expect(index).toContain(`'./en/${f}'`);
    }
  });

  it.each<Lang>(['it', 'en'])('every kind renders in %s with every placeholder filled and no key left showing', (lang) => {
    for (const e of EVENTS) {
      for (const reply of [{ mode: 'open' as const }, { mode: 'closed' as const }, { mode: 'deleted' as const, portal: 'https://h.example', helpdeskAddress: 'assistenza@h.example' }]) {
        const m = renderMail([e], { ...ticket, serviceName: e.kind === 'applied' && e.cancellation ? null : ticket.serviceName }, 'Anna', lang, reply);
        for (const part of [m.subject, m.text, m.html]) {
          // A missing text shows as its key: «body», «bodyNoService», «reasons.empty».
          expect({ kind: e.kind, leftover: LEFTOVER.exec(part.replace(/<[^>]*>/g, '').replace(/https?:\/\/\S+|\S+@\S+/g, ''))?.[0] ?? null }).toEqual({ kind: e.kind, leftover: null });
        }
      }
    }
    for (const kind of ['account_invite', 'password_reset'] as const) {
      const m = renderAccountMail(kind, { link: 'https://h.example/p?token=x', expiresAt: new Date() }, 'Anna', lang);
      expect(m.text).not.toMatch(/\{\{|^lines$/m);
    }
  });

  it('Italian uses the formal register: no «tu» forms in any mail text', () => {
    const informal = /\b(tuo|tua|tuoi|tue|ti|te|puoi|hai|sei|vuoi|rispondi|scegli|apri la|ignora|riceverai)\b/i;
    for (const f of files('it')) {
      const texts = JSON.stringify(JSON.parse(readFileSync(join(dir, 'it', f), 'utf8')));
      expect({ f, informal: informal.exec(texts)?.[0] ?? null }).toEqual({ f, informal: null });
    }
  });

  it('the renewal notice carries both languages in the one layout', () => {
    const m = renderRenewalNotice({ enteName: 'Comune di Alfa', year: 2026, priceList: '2026-2030', units: [{ serviceCode: 'pec', unitIndex: 1, unitLabel: null, reason: 'no_membership' }] });
    expect(m.text).toContain('Spettabile Comune di Alfa,');
    expect(m.text).toContain('— English —');
    expect(m.text).toContain('Mailbox PEC no. 1: the Ente has not joined the 2026-2030 convention');
  });

  it('the official notices and the statement mails render every placeholder in both languages', () => {
    const act = { id: '1', protocolYear: 2026, protocolNumber: 42, title: 'Caselle PEC', serviceCode: 'pec', approvalReason: 'Quantità non motivata', enteId: 'e', enteName: 'Comune di Alfa', entePec: 'p@pec.example' };
    const statement = { id: 's', number: 7, year: 2026, half: 1 as const, version: 2, outstandingCents: 123_456, dueOn: '2026-07-31', enteId: 'e', enteName: 'Comune di Alfa', entePec: null };
    const mails = [
      renderTicketActNotice('approval', act, new Date('2026-03-02T10:00:00Z'), 'https://h.example/ticket/1'),
      renderTicketActNotice('rejection', act, new Date('2026-03-02T10:00:00Z'), 'https://h.example/ticket/1'),
      renderStatementNotice(statement, 'https://h.example/addebiti'),
      ...(['it', 'en'] as const).flatMap((lang) => [
        renderStatementAvailable(statement, 'Anna', lang, 'https://h.example/addebiti', true),
        renderUnsendable([{ enteName: 'Comune di Beta', number: 8, year: 2026 }], 'Anna', lang),
      ]),
    ];
    for (const m of mails) {
      for (const part of [m.subject, m.text]) expect(LEFTOVER.exec(part.replace(/https?:\/\/\S+|\S+@\S+/g, ''))?.[0] ?? null).toBeNull();
    }
    expect(mails[0]!.text).toContain('la richiesta n. 2026/000042 «Caselle PEC» (Casella PEC) è stata approvata il 02/03/2026.');
    expect(mails[1]!.text).toContain('Quantità non motivata');
    expect(mails[2]!.text).toContain('totale da pagare € 1.234,56, con scadenza il 31/07/2026.');
    expect(mails[2]!.text).toContain('total due €1,234.56, payable by 31 July 2026.');
  });
});
