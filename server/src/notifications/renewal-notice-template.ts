import escapeHtml from 'escape-html';
import { CATALOG, SERVICE_CODES, type RenewalEndReason, type ServiceCode } from '@cit/shared';
import type { Lang, RenderedMail } from './templates';

export interface EndingUnit {
  serviceCode: string;
  unitIndex: number;
  unitLabel: string | null;
  reason: RenewalEndReason;
}

export interface RenewalNoticeFacts {
  enteName: string;
  year: number;
  priceList: string;
  units: readonly EndingUnit[];
}

const CIT = 'CIT – Centro Innovazione e Tecnologie, Provincia di Brescia';

const serviceName = (code: string, lang: Lang): string => {
  const name = (SERVICE_CODES as readonly string[]).includes(code) ? CATALOG[code as ServiceCode].name : code;
  return lang === 'it' ? name : name.replace('Casella', 'Mailbox').replace('Kit di firma digitale', 'Digital signature kit');
};

function reasonText(reason: RenewalEndReason, f: RenewalNoticeFacts, lang: Lang): string {
  if (lang === 'it') {
    return reason === 'not_offered'
      ? `il servizio non è previsto dal listino ${f.priceList}`
      : `l’Ente non ha aderito alla convenzione ${f.priceList}`;
  }
  return reason === 'not_offered' ? `the ${f.priceList} price list does not offer this service` : `the Ente has not joined the ${f.priceList} convention`;
}

function part(f: RenewalNoticeFacts, lang: Lang): { lines: string[]; items: string[]; after: string[] } {
  const it = lang === 'it';
  const endsOn = it ? `31/12/${f.year - 1}` : `31 December ${f.year - 1}`;
  const items = f.units.map((u) => {
    const what = `${serviceName(u.serviceCode, lang)} n. ${u.unitIndex}${u.unitLabel ? ` (${u.unitLabel})` : ''}`;
    return `${what}: ${reasonText(u.reason, f, lang)}`;
  });
  const member = f.units.some((u) => u.reason === 'no_membership');
  const lines = it
    ? [`Gentile ${f.enteName},`, `con il rinnovo annuale del 1° gennaio ${f.year} i servizi seguenti non saranno rinnovati e cesseranno il ${endsOn}:`]
    : [`Dear ${f.enteName},`, `at the yearly renewal of 1 January ${f.year} the following services will not be renewed and will end on ${endsOn}:`];
  const after = it
    ? [
        ...(member ? [`Se l’Ente aderisce alla convenzione ${f.priceList} prima del rinnovo, i suoi servizi si rinnovano secondo il nuovo listino.`] : []),
        'Per chiarimenti apri un ticket di assistenza sul portale del CIT.',
      ]
    : [
        ...(member ? [`If the Ente joins the ${f.priceList} convention before the renewal, its services renew at the new price list.`] : []),
        'For any question, open an assistance ticket on the CIT portal.',
      ];
  return { lines, items, after };
}

/**
 * The notice to one Ente about its units that will end on 31 December. It goes to the Ente's institutional address,
 * read by whoever is on duty, so it carries both languages: Italian first, then English.
 */
export function renderRenewalNotice(f: RenewalNoticeFacts): RenderedMail {
  const subject = `Servizi CIT non rinnovati dal 1° gennaio ${f.year} / CIT services not renewed from 1 January ${f.year}`;
  const it = part(f, 'it');
  const en = part(f, 'en');
  const noReply = 'Questa e-mail è inviata automaticamente: non rispondere. / This e-mail is sent automatically: please do not reply.';
  const textOf = (p: ReturnType<typeof part>) => [...p.lines, '', ...p.items.map((i) => `- ${i}`), '', ...p.after];
  const text = [...textOf(it), '', '— English —', '', ...textOf(en), '', noReply, '', '-- ', CIT].join('\n');
  const esc = (s: string) => escapeHtml(s);
  const htmlOf = (p: ReturnType<typeof part>, lang: Lang) => `<div lang="${lang}">
${p.lines.map((l) => `<p style="margin:0 0 12px">${esc(l)}</p>`).join('\n')}
<ul>${p.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>
${p.after.map((l) => `<p style="margin:0 0 12px">${esc(l)}</p>`).join('\n')}
</div>`;
  const html = `<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;color:#1a1a1a;line-height:1.45">
<div style="max-width:640px;margin:0 auto">
<div style="background:#0b5394;color:#fff;padding:12px 16px;font-weight:bold">${esc(CIT)}</div>
<div style="padding:16px">
${htmlOf(it, 'it')}
<hr>
${htmlOf(en, 'en')}
<p style="margin:0;color:#555;font-size:13px">${esc(noReply)}</p>
</div></div></body></html>`;
  return { subject, text, html };
}
