import { CATALOG, SERVICE_CODES, type RenewalEndReason, type ServiceCode } from '@cit/shared';
import { mailText, type Lang } from './mail-texts';
import { renderLayout, type RenderedMail, type Section } from './mail-layout';

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

const serviceName = (code: string, lang: Lang): string => {
  const name = (SERVICE_CODES as readonly string[]).includes(code) ? CATALOG[code as ServiceCode].name : code;
  return lang === 'it' ? name : name.replace('Casella', 'Mailbox').replace('Kit di firma digitale', 'Digital signature kit');
};

/** The notice in one language (texts in mail-texts/<lang>/renewal-notice.json). */
function section(f: RenewalNoticeFacts, lang: Lang): Section {
  const text = (key: 'greeting' | 'intro' | 'endsOn' | 'notOffered' | 'noMembership' | 'joinHint' | 'questions', vars = {}) =>
    mailText(lang, 'renewal-notice', key, { ente: f.enteName, year: f.year, priceList: f.priceList, ...vars });
  const items = f.units.map((u) => {
    const what = `${mailText(lang, 'renewal-notice', 'item', { service: serviceName(u.serviceCode, lang), index: u.unitIndex })}${u.unitLabel ? ` (${u.unitLabel})` : ''}`;
    return `${what}: ${text(u.reason === 'not_offered' ? 'notOffered' : 'noMembership')}`;
  });
  const member = f.units.some((u) => u.reason === 'no_membership');
  return {
    lang,
    blocks: [
      { line: text('greeting') },
      { line: text('intro', { endsOn: text('endsOn', { year: f.year - 1 }) }), items },
      ...(member ? [{ line: text('joinHint') }] : []),
      { line: text('questions') },
    ],
  };
}

/**
 * The notice to one Ente about its units that will end on 31 December. It goes to the Ente's institutional address,
 * read by whoever is on duty, so it carries both languages: Italian first, then English.
 */
export function renderRenewalNotice(f: RenewalNoticeFacts): RenderedMail {
  const subject = `${mailText('it', 'renewal-notice', 'subject', { year: f.year })} / ${mailText('en', 'renewal-notice', 'subject', { year: f.year })}`;
  return renderLayout({
    lang: 'it',
    subject,
    sections: [section(f, 'it'), section(f, 'en')],
    notes: [`${mailText('it', 'layout', 'noReply')} / ${mailText('en', 'layout', 'noReply')}`],
  });
}
