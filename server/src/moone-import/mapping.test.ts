import {
  fiscalCodeIn,
  htmlToPlainText,
  logField,
  logUserId,
  logValue,
  mapStatus,
  mapUrgency,
  mapValidation,
  matchEnte,
  MOONE_TESTING_STATUS,
  normaliseEmail,
  normaliseEnteName,
  romeDate,
  supportedGlpiVersion,
  ticketTitle,
  userName,
  type EnteCandidate,
} from './mapping';
import { supportGroupOf } from './bundle';

describe('GLPI versions', () => {
  it.each(['9.4.0', '9.4.6', '9.5.13', '10.0.0', '10.0.17'])('reads %s', (v) => expect(supportedGlpiVersion(v)).toBe(true));
  it.each(['9.3.2', '9.2', '10.1.0', '11.0.1', 'abc', ''])('refuses %s', (v) => expect(supportedGlpiVersion(v)).toBe(false));
});

describe('statuses and urgencies', () => {
  it('maps the six GLPI statuses and MoOne\'s "Da testare"', () => {
    expect([1, 2, 3, 5, 6].map((s) => mapStatus(s, false)?.status)).toEqual(['new', 'assigned', 'planned', 'solved', 'closed']);
    expect(mapStatus(4, false)).toEqual({ status: 'pending', returnStatus: 'assigned', pendingReason: 'In attesa (MoOne).' });
    expect(mapStatus(MOONE_TESTING_STATUS, false)).toEqual({ status: 'to_test', returnStatus: null, pendingReason: null });
    expect(mapStatus(MOONE_TESTING_STATUS, true)).toEqual({ status: 'deleted', returnStatus: 'to_test', pendingReason: null });
    expect(mapStatus(9, false)).toBeNull();
  });

  it('puts tickets of the GLPI bin in the product bin, remembering where they were', () => {
    expect(mapStatus(6, true)).toEqual({ status: 'deleted', returnStatus: 'closed', pendingReason: null });
    expect(mapStatus(4, true)).toEqual({ status: 'deleted', returnStatus: 'assigned', pendingReason: null });
  });

  it('maps urgencies 1–5 to the five MoOne urgencies', () => {
    expect([1, 2, 3, 4, 5].map(mapUrgency)).toEqual(['very_low', 'low', 'medium', 'high', 'blocking']);
    expect(mapUrgency(6)).toBeNull();
  });

  it('maps validation statuses', () => {
    expect([1, 2, 3, 4].map(mapValidation)).toEqual([null, 'requested', 'approved', 'rejected']);
  });
});

describe('HTML to text', () => {
  it('decodes GLPI\'s storage encoding and keeps the text readable', () => {
    expect(htmlToPlainText('&lt;p&gt;Buongiorno, l&#39;ufficio non riceve.&lt;/p&gt;&lt;p&gt;Grazie&lt;/p&gt;')).toBe("Buongiorno, l'ufficio non riceve.\n\nGrazie");
    expect(htmlToPlainText('&lt;ul&gt;&lt;li&gt;PC&lt;/li&gt;&lt;li&gt;rete&lt;/li&gt;&lt;/ul&gt;')).toBe('- PC\n- rete');
    expect(htmlToPlainText('Città: Coccaglio &lt;br /&gt;«errore» — perché?')).toBe('Città: Coccaglio\n«errore» — perché?');
  });

  it('drops scripts and markup, and keeps links readable', () => {
    const text = htmlToPlainText('&lt;p onclick="x()"&gt;Vedi &lt;a href="https://cit.example/faq"&gt;le FAQ&lt;/a&gt;&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(text).toBe('Vedi le FAQ (https://cit.example/faq)');
    expect(htmlToPlainText('&lt;a href="javascript:alert(1)"&gt;clic&lt;/a&gt;')).toBe('clic');
  });

  it('decodes double-encoded bodies and leaves plain text alone', () => {
    expect(htmlToPlainText('&amp;lt;b&amp;gt;Urgente&amp;lt;/b&amp;gt; &amp;amp; subito')).toBe('Urgente & subito');
    expect(htmlToPlainText('a < b e c > d')).toBe('a < b e c > d');
    expect(htmlToPlainText(null)).toBe('');
  });

  it('gives every ticket a title of 1–200 characters', () => {
    expect(ticketTitle('', 55487)).toBe('Ticket MoOne 55487');
    expect(ticketTitle('Problema &lt;PEC&gt;', 1)).toBe('Problema <PEC>');
    expect(ticketTitle('x'.repeat(300), 1)).toHaveLength(200);
  });
});

describe('Enti', () => {
  const coccaglio: EnteCandidate = { id: 'c', name: 'Comune di Coccaglio', fiscalCode: '00841880171' };
  const gussago: EnteCandidate = { id: 'g', name: 'Comune di Gussago', fiscalCode: '00347850173' };
  const byCode = new Map([coccaglio, gussago].map((e) => [e.fiscalCode, e]));
  const byName = new Map<string, EnteCandidate[]>([
    [normaliseEnteName(coccaglio.name), [coccaglio]],
    [normaliseEnteName(gussago.name), [gussago]],
    ['rovato', [{ id: 'r1', name: 'Comune di Rovato', fiscalCode: '1' }, { id: 'r2', name: 'Rovato', fiscalCode: '2' }]],
  ]);

  it('normalises names the way people write them', () => {
    expect(normaliseEnteName('COMUNE DI CITTÀ ALTA (BS)')).toBe(normaliseEnteName('Comune di Città Alta'));
    expect(normaliseEnteName("Comune d'Esine")).toBe('esine');
  });

  it('finds the codice fiscale in the registration number or the comment, only when unambiguous', () => {
    expect(fiscalCodeIn(null, 'C.F. 00841880171 - P.IVA 00841880171')).toBe('00841880171');
    expect(fiscalCodeIn('00841880171', 'altro 00347850173')).toBeNull();
    expect(fiscalCodeIn(null, 'tel. 030123456789')).toBeNull();
  });

  it('matches by codice fiscale, then by name, and never guesses', () => {
    expect(matchEnte({ name: 'COMUNE COCCAGLIO', registrationNumber: '00841880171', comment: null }, byCode, byName)).toEqual({ enteId: 'c', by: 'fiscal_code' });
    expect(matchEnte({ name: 'Comune di Gussago (BS)', registrationNumber: null, comment: 'Ente convenzionato' }, byCode, byName)).toEqual({ enteId: 'g', by: 'name' });
    expect(matchEnte({ name: 'Rovato', registrationNumber: null, comment: null }, byCode, byName)).toEqual({ enteId: null, reason: expect.stringMatching(/ambiguo/) });
    expect(matchEnte({ name: 'Comune di Nessunluogo', registrationNumber: null, comment: 'C.F. 99999999999' }, byCode, byName)).toEqual({
      enteId: null,
      reason: expect.stringMatching(/99999999999.*Nessunluogo/),
    });
  });
});

describe('users, logs, dates, groups', () => {
  it('keeps only real addresses, lower-cased', () => {
    expect(normaliseEmail(' Mario.Rossi@Comune.Coccaglio.BS.it ')).toBe('mario.rossi@comune.coccaglio.bs.it');
    expect(normaliseEmail('mario')).toBeNull();
    expect(normaliseEmail(null)).toBeNull();
  });

  it('names a user from first name and surname, else the login', () => {
    expect(userName({ realname: 'Rossi', firstname: 'Niccolò', name: 'nrossi' }, 'n@x.it')).toBe('Niccolò Rossi');
    expect(userName({ realname: null, firstname: null, name: 'nrossi' }, 'n@x.it')).toBe('nrossi');
  });

  it('reads the user id GLPI writes in its change log, and makes values readable', () => {
    expect(logUserId('Rossi Maria (12)')).toBe(12);
    expect(logUserId('cron_mailgate')).toBeNull();
    expect(logField(12, 0)).toBe('status');
    expect(logField(0, 17)).toBe('moone:azione_17');
    expect(logValue('status', '5')).toBe('solved');
    expect(logValue('urgency', '5')).toBe('blocking');
    expect(logValue('title', '&lt;b&gt;Titolo&lt;/b&gt;')).toBe('Titolo');
  });

  it('reads GLPI wall-clock times as Rome time, across daylight saving', () => {
    expect(romeDate('2026-01-15 10:00:00')?.toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(romeDate('2026-07-15 10:00:00')?.toISOString()).toBe('2026-07-15T08:00:00.000Z');
    expect(romeDate('2026-03-29 03:30:00')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(romeDate('2026-10-25 01:30:00')?.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(romeDate('2026-10-25 03:30:00')?.toISOString()).toBe('2026-10-25T02:30:00.000Z');
    expect(romeDate('0000-00-00 00:00:00')).toBeNull();
    expect(romeDate(null)).toBeNull();
  });

  it('maps GLPI groups to the support groups by name', () => {
    expect(supportGroupOf('Primo livello')).toBe('primo_livello');
    expect(supportGroupOf('CIT > Sistemisti')).toBe('sistemisti');
    expect(supportGroupOf('Magazzino')).toBeNull();
  });
});
