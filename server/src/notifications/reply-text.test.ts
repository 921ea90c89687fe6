import { trimReply } from './reply-text';

const REPLY = 'Buongiorno, il problema è risolto.\nGrazie';

/** The attribution lines and header blocks of the clients the Enti use, as each writes them above the quoted mail. */
const CLIENTS: Array<[string, string]> = [
  ['Thunderbird (it, two-digit year)', 'Il 02/12/26 10:15, CIT Help-desk ha scritto:'],
  ['Thunderbird (it)', 'Il 02/12/2026 10:15, CIT Help-desk ha scritto:'],
  ['Thunderbird (en)', 'On 02/12/2026 10:15, CIT Help-desk wrote:'],
  ['Thunderbird, old (it)', 'Il 2 dicembre 2026, CIT Help-desk scrisse:'],
  ['Gmail (it)', 'Il giorno mar 2 dic 2026 alle ore 10:15 CIT Help-desk <helpdesk@cit.provincia.brescia.it> ha scritto:'],
  ['Gmail (it, wrapped)', 'Il giorno mar 2 dic 2026 alle ore 10:15 CIT Help-desk <\nhelpdesk@cit.provincia.brescia.it> ha scritto:'],
  ['Gmail (en)', 'On Tue, Dec 2, 2026 at 10:15 AM CIT Help-desk <helpdesk@cit.provincia.brescia.it> wrote:'],
  ['Apple Mail (it)', 'Il giorno 2 dic 2026, alle ore 10:15, CIT Help-desk <helpdesk@cit.provincia.brescia.it> ha scritto:'],
  ['Apple Mail (en)', 'On 2 Dec 2026, at 10:15, CIT Help-desk <helpdesk@cit.provincia.brescia.it> wrote:'],
  ['Roundcube, PEC webmail (it)', 'Il 2026-12-02 10:15 CIT Help-desk ha scritto:'],
  ['Roundcube (en)', 'On 2026-12-02 10:15, CIT Help-desk wrote:'],
  ['Outlook desktop (it)', 'Da: CIT Help-desk <helpdesk@cit.provincia.brescia.it>\nInviato: martedì 2 dicembre 2026 10:15\nA: protocollo@comune.example.it\nOggetto: R: [CIT 2026/000123]'],
  ['Outlook desktop (en)', 'From: CIT Help-desk <helpdesk@cit.provincia.brescia.it>\nSent: Tuesday, December 2, 2026 10:15 AM\nTo: protocollo@comune.example.it\nSubject: RE: [CIT 2026/000123]'],
  ['Outlook web (it)', '________________________________\nDa: CIT Help-desk <helpdesk@cit.provincia.brescia.it>\nData: martedì 2 dicembre 2026 10:15\nA: protocollo@comune.example.it'],
  ['Outlook web, bold headers (en)', '*From:* CIT Help-desk\n*Sent:* Tuesday, December 2, 2026 10:15 AM\n*To:* protocollo@comune.example.it'],
  ['Zimbra (it)', '----- Messaggio originale -----\nDa: "CIT Help-desk" <helpdesk@cit.provincia.brescia.it>'],
  ['Zimbra (en)', '----- Original Message -----\nFrom: "CIT Help-desk" <helpdesk@cit.provincia.brescia.it>'],
  ['Legalmail (it)', '-------- Messaggio Originale --------\nOggetto: [CIT 2026/000123]'],
  ['Outlook, forwarded (it)', '-----Messaggio originale-----\nDa: CIT Help-desk'],
];

describe('trimReply: what the person wrote, without the quoted history', () => {
  it.each(CLIENTS)('cuts at the header of %s', (_client, header) => {
    const mail = `${REPLY}\n\n${header}\n> Gentile utente, il ticket 2026/000123 è stato risolto.\n> Cordiali saluti\n`;
    expect(trimReply(mail)).toBe(REPLY);
  });

  it('keeps a line that only looks like the start of an attribution', () => {
    const text = 'Il server di posta è ripartito alle 10:15.\nOn line da stamattina.';
    expect(trimReply(text)).toBe(text);
  });

  it('stops at the signature delimiter and drops lines quoted with >', () => {
    expect(trimReply('Va bene così.\n> citazione\nA presto\n-- \nMario Rossi\nUfficio protocollo')).toBe('Va bene così.\nA presto');
  });
});
