import { SEED_PRICE_LISTS as LISTS } from '../../../migrations/src/data/price-lists';
import { z } from 'zod';
import {
  QuoteSchema,
  annualFeeFor,
  membershipQuota,
  MissingResidentsError,
  quoteRequest,
  telemacoAllowance,
  usageCharge,
  type EnteFacts,
  type QuoteRequest,
} from './index';

const comune = (residents: number, recordedQuota2021Cents: number | null = null): EnteFacts => ({ kind: 'comune', residents, recordedQuota2021Cents });
const COCCAGLIO = comune(8757, 197363);
const UNIONE: EnteFacts = { kind: 'unione_comuni', residents: 0 };

const quote = (over: Partial<QuoteRequest>) =>
  quoteRequest({ ente: COCCAGLIO, serviceCode: 'pec', quantity: 1, heldInConvention: 0, date: '2026-03-10', ...over }, LISTS);

describe('quoteRequest – PEC', () => {
  it('2026: the 4th box is free', () => {
    const q = quote({ heldInConvention: 3 });
    expect(q).toMatchObject({ priceList: '2026-2030', serviceCode: 'pec', feeType: 'annual', lines: [], totalCents: 0 });
    expect(q.units).toEqual([{ index: 4, free: true, reason: 'Compresa nella convenzione (4 caselle gratuite)', annualCents: null }]);
    expect(q.summary).toBe('Compresa nella convenzione: 4ª casella PEC gratuita');
    expect(QuoteSchema.parse(q)).toEqual(q);
  });

  it('2026: the 5th box costs € 20 a year, with no activation fee', () => {
    const q = quote({ heldInConvention: 4 });
    expect(q.units).toEqual([{ index: 5, free: false, reason: 'Oltre le 4 caselle comprese', annualCents: 2000 }]);
    expect(q.lines).toEqual([
      { kind: 'annual', year: 2026, unitIndex: 5, amountCents: 2000, description: 'Casella PEC n. 5 – canone 2026', payerEnteId: null },
    ]);
    expect(q.totalCents).toBe(2000);
    expect(q.summary).toBe("Questa è la Sua 5ª casella PEC: € 20,00 l'anno");
  });

  it('2021: € 36 activation + € 36 for the year after the 3rd box, the whole year even in November', () => {
    expect(quote({ heldInConvention: 2, date: '2023-11-20' }).totalCents).toBe(0);
    const q = quote({ heldInConvention: 3, date: '2023-11-20' });
    expect(q.priceList).toBe('2021-2025');
    expect(q.units[0]).toMatchObject({ index: 4, free: false, reason: 'Oltre le 3 caselle comprese' });
    expect(q.lines.map((l) => [l.kind, l.year, l.amountCents])).toEqual([
      ['activation', 2023, 3600],
      ['annual', 2023, 3600],
    ]);
    expect(q.totalCents).toBe(7200);
    expect(q.summary).toBe("Questa è la Sua 4ª casella PEC: € 36,00 di attivazione + € 36,00 l'anno");
  });

  it('prices by the list in force on the request date', () => {
    const lastDay = quote({ heldInConvention: 3, date: '2025-12-31' });
    const firstDay = quote({ heldInConvention: 3, date: '2026-01-01' });
    expect([lastDay.priceList, lastDay.totalCents, lastDay.lines[0]?.year]).toEqual(['2021-2025', 7200, 2025]);
    expect([firstDay.priceList, firstDay.totalCents, firstDay.units[0]?.free]).toEqual(['2026-2030', 0, true]);
  });

  it('charges one and frees one when a request of 2 straddles the allowance', () => {
    const q = quote({ quantity: 2, heldInConvention: 3 });
    expect(q.units.map((u) => [u.index, u.free])).toEqual([
      [4, true],
      [5, false],
    ]);
    expect(q.lines).toHaveLength(1);
    expect(q.lines[0]).toMatchObject({ unitIndex: 5, amountCents: 2000 });
    expect(q.totalCents).toBe(2000);
    expect(q.summary).toBe("2 caselle PEC (dalla 4ª alla 5ª): 1 compresa nella convenzione, 1 a pagamento, € 20,00 l'anno ciascuna; totale 2026: € 20,00");
  });

  it('charges every unit of a request entirely beyond the allowance', () => {
    const q = quote({ quantity: 3, heldInConvention: 10 });
    expect(q.units.map((u) => u.index)).toEqual([11, 12, 13]);
    expect(q.totalCents).toBe(6000);
    expect(q.summary).toContain('3 caselle PEC (dalla 11ª alla 13ª): 3 a pagamento');
  });

  it('carries the capofila as payer onto every billing line', () => {
    const payer = { enteId: '6f1c2b9e-0000-4000-8000-000000000001', name: 'Unione dei Comuni della Franciacorta' };
    const q = quote({ quantity: 2, heldInConvention: 4, payer, date: '2024-05-02' });
    expect(q.lines).toHaveLength(4);
    expect(q.lines.every((l) => l.payerEnteId === payer.enteId)).toBe(true);
    expect(q.payer).toEqual(payer);
    expect(q.summary).toMatch(/\(a carico di Unione dei Comuni della Franciacorta\)$/);
  });

  it('pro-rates by the months left, the current one included, only when the tariff says so', () => {
    // The seeded data keeps pro-rating off (DOMAIN.md): a box activated in October pays the whole year.
    expect(quote({ heldInConvention: 4, date: '2026-10-15' }).totalCents).toBe(2000);
    const lists = LISTS.map((p) => ({
      ...p,
      services: p.services.map((s) => (s.serviceCode === 'pec' && s.fees.annual ? { ...s, fees: { annual: { ...s.fees.annual, proRata: true } } } : s)),
    }));
    const q = quoteRequest({ ente: COCCAGLIO, serviceCode: 'pec', quantity: 1, heldInConvention: 4, date: '2026-10-15' }, lists);
    // October, November, December: 3/12 of € 20.
    expect(q.lines).toEqual([expect.objectContaining({ amountCents: 500, description: 'Casella PEC n. 5 – canone 2026 (3 mesi, da 10/2026)' })]);
    expect(q.units[0]?.annualCents).toBe(2000);
    expect(q.summary).toBe("Questa è la Sua 5ª casella PEC: € 20,00 l'anno (€ 5,00 per il 2026)");
    expect(quoteRequest({ ente: COCCAGLIO, serviceCode: 'pec', quantity: 1, heldInConvention: 4, date: '2026-01-31' }, lists).totalCents).toBe(2000);
  });
});

describe('quoteRequest – signatures', () => {
  it('2026: the 4th kit costs € 70 once; renewals have their own 3 free', () => {
    const kit = quote({ serviceCode: 'firma_digitale', heldInConvention: 3 });
    expect(kit.feeType).toBe('one_off');
    expect(kit.lines).toEqual([
      { kind: 'one_off', year: 2026, unitIndex: 4, amountCents: 7000, description: 'Kit di firma digitale n. 4 – una tantum', payerEnteId: null },
    ]);
    expect(kit.units[0]).toMatchObject({ free: false, reason: 'Oltre i 3 kit compresi', annualCents: null });
    expect(kit.summary).toBe('Questo è il Suo 4° kit di firma digitale: € 70,00 una tantum');

    const renewal = quote({ serviceCode: 'firma_rinnovo', heldInConvention: 2 });
    expect(renewal.units[0]).toMatchObject({ index: 3, free: true, reason: 'Compreso nella convenzione (3 rinnovi gratuiti)' });
    expect(renewal.summary).toBe('Compreso nella convenzione: 3° rinnovo di certificato di firma gratuito');
    expect(quote({ serviceCode: 'firma_rinnovo', heldInConvention: 3 }).totalCents).toBe(7000);
  });

  it('2021: € 75 per kit and € 25 per renewal beyond 3 each', () => {
    expect(quote({ serviceCode: 'firma_digitale', heldInConvention: 3, date: '2022-01-10' }).totalCents).toBe(7500);
    expect(quote({ serviceCode: 'firma_rinnovo', heldInConvention: 3, date: '2022-01-10' }).totalCents).toBe(2500);
    expect(quote({ serviceCode: 'firma_rinnovo', heldInConvention: 2, date: '2022-01-10' }).totalCents).toBe(0);
  });
});

describe('quoteRequest – other services', () => {
  it('pagoPA: activation by variant plus the year of upkeep by residents', () => {
    const regione = quote({ serviceCode: 'pagopa', variant: 'regione', date: '2024-02-01', ente: comune(4000) });
    expect(regione.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ['activation', 150000],
      ['annual', 90000],
    ]);
    expect(regione.summary).toBe("Portale pagoPA tramite Regione Lombardia: € 1.500,00 di attivazione + € 900,00 l'anno");
    const partner = quote({ serviceCode: 'pagopa', variant: 'partner', date: '2024-02-01', ente: UNIONE });
    expect(partner.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ['activation', 50000],
      ['annual', 150000],
    ]);
    expect(partner.units[0]).toMatchObject({ index: 1, free: false, annualCents: 150000 });
  });

  it('pagoPA: the variant is required and must be known', () => {
    expect(() => quote({ serviceCode: 'pagopa', date: '2024-02-01' })).toThrow('«regione» (tramite Regione Lombardia) o «partner»');
    expect(() => quote({ serviceCode: 'pagopa', variant: 'altro', date: '2024-02-01' })).toThrow('indichi la modalità');
    expect(() => quote({ serviceCode: 'pec', variant: 'regione' })).toThrow('non prevede varianti');
  });

  it('refuses a service the price list in force does not offer, and one that is not requested by ticket', () => {
    expect(() => quote({ serviceCode: 'pagopa', variant: 'regione', date: '2026-02-01' })).toThrow(
      'Il servizio «Portale pagoPA» non è previsto dal listino 2026-2030.',
    );
    expect(() => quote({ serviceCode: 'helpdesk' })).toThrow('non si attiva con una richiesta');
  });

  it('portals by residents band, non-Comuni at € 2,500', () => {
    const portal = (ente: EnteFacts) => quote({ serviceCode: 'portale', ente, date: '2022-04-01' }).totalCents;
    const cases: [number, number][] = [
      [1000, 45000],
      [1001, 90000],
      [2000, 90000],
      [3500, 125000],
      [3501, 200000],
      [6001, 250000],
      [10001, 300000],
      [13500, 300000],
      [13501, 350000],
    ];
    for (const [residents, cents] of cases) expect([residents, portal(comune(residents))]).toEqual([residents, cents]);
    expect(portal(UNIONE)).toBe(250000);
    expect(portal({ kind: 'comune_capoluogo', residents: 196000 })).toBe(350000);
  });

  it('Wi-Fi: € 35 a year from the 4th access point', () => {
    expect(quote({ serviceCode: 'wifi', heldInConvention: 2, date: '2022-01-01' }).totalCents).toBe(0);
    const q = quote({ serviceCode: 'wifi', heldInConvention: 3, date: '2022-01-01' });
    expect(q.lines).toEqual([expect.objectContaining({ kind: 'annual', amountCents: 3500 })]);
    expect(q.units[0]?.reason).toBe('Oltre i 3 access point compresi');
  });

  it('preservation: € 100 per GB beyond the band, half a GB covering half of one', () => {
    expect(quote({ serviceCode: 'conservazione', ente: comune(12000), quantity: 3, date: '2022-01-01' }).totalCents).toBe(10000);
    const small = quote({ serviceCode: 'conservazione', ente: comune(2500), date: '2022-01-01' });
    expect(small.units[0]).toMatchObject({ free: false, reason: 'In parte oltre i 0,5 GB compresi' });
    expect(small.totalCents).toBe(5000);
    expect(quote({ serviceCode: 'conservazione', ente: UNIONE, heldInConvention: 1, date: '2022-01-01' }).units[0]?.reason).toBe(
      'Oltre 1 GB compreso',
    );
  });

  it('flat extras of 2021', () => {
    const cost = (serviceCode: QuoteRequest['serviceCode']) => quote({ serviceCode, date: '2025-06-30' });
    expect([cost('spid'), cost('sms_3000')].map((q) => [q.feeType, q.totalCents])).toEqual([
      ['one_off', 3500],
      ['one_off', 24500],
    ]);
    expect(['seclog', 'drupal_hosting', 'email_30gb', 'sms_account'].map((c) => cost(c as QuoteRequest['serviceCode']).totalCents)).toEqual([
      10000, 25000, 25000, 10500,
    ]);
    expect(cost('drupal_hosting').summary).toBe("Hosting siti Drupal: € 250,00 l'anno");
  });

  it('Telemaco activation is free and billed by usage', () => {
    const q = quote({ serviceCode: 'telemaco' });
    expect(q).toMatchObject({ feeType: 'usage', lines: [], totalCents: 0 });
    expect(q.units[0]?.free).toBe(true);
    expect(q.summary).toBe("Telemaco: 520 consultazioni l'anno incluse, poi € 0,70 ciascuna");
  });

  it('M365 support costs the Ente nothing at the CIT', () => {
    const q = quote({ serviceCode: 'posta_m365' });
    expect(q).toMatchObject({ feeType: 'none', totalCents: 0 });
    expect(q.summary).toBe('Gestione posta Microsoft 365: compreso nella quota annuale di adesione');
  });

  it('validates its input', () => {
    expect(() => quote({ quantity: 0 })).toThrow('Quantità non valido');
    expect(() => quote({ heldInConvention: -1 })).toThrow('unità già attive');
    expect(() => quote({ date: '2026-13-01' })).toThrow('Data non valida');
    expect(() => quote({ ente: comune(-5) })).toThrow('abitanti');
  });
});

describe('annualFeeFor', () => {
  it('gives the yearly fee of a charged unit, null when there is none', () => {
    expect(annualFeeFor('pec', null, COCCAGLIO, 2026, LISTS)).toBe(2000);
    expect(annualFeeFor('pec', null, COCCAGLIO, 2025, LISTS)).toBe(3600);
    expect(annualFeeFor('wifi', null, COCCAGLIO, 2024, LISTS)).toBe(3500);
    expect(annualFeeFor('firma_digitale', null, COCCAGLIO, 2026, LISTS)).toBeNull();
    expect(annualFeeFor('helpdesk', null, COCCAGLIO, 2026, LISTS)).toBeNull();
    // pagoPA is not in the 2026-2030 list.
    expect(annualFeeFor('pagopa', 'regione', COCCAGLIO, 2026, LISTS)).toBeNull();
  });

  it('pagoPA 2021 upkeep by residents band, whatever the activation variant', () => {
    const upkeep = (ente: EnteFacts) => annualFeeFor('pagopa', 'partner', ente, 2023, LISTS);
    expect([1999, 2000, 2001, 5000, 5001, 10000, 10001].map((r) => upkeep(comune(r)))).toEqual([
      50000, 50000, 90000, 90000, 180000, 180000, 250000,
    ]);
    expect(upkeep(UNIONE)).toBe(150000);
    expect(upkeep({ kind: 'consorzio', residents: 0 })).toBe(150000);
    expect(annualFeeFor('pagopa', null, comune(3000), 2023, LISTS)).toBe(90000);
  });
});

describe('membershipQuota', () => {
  it('2026-2030: residents × the band coefficient, rounded to the euro', () => {
    const euros = (residents: number) => membershipQuota(comune(residents), 2026, LISTS).amountCents / 100;
    expect(euros(3000)).toBe(570);
    expect(euros(8757)).toBe(1532);
    expect(euros(12000)).toBe(1740);
    expect(euros(20000)).toBe(2800);
    expect(membershipQuota(comune(8757), 2027, LISTS).rule).toBe("8.757 abitanti × 0,175 (fascia 5.001–10.000), arrotondato all'euro");
  });

  it('applies the whole population to its band at the boundaries', () => {
    const euros = (residents: number) => membershipQuota(comune(residents), 2030, LISTS).amountCents / 100;
    expect(euros(5000)).toBe(950);
    expect(euros(5001)).toBe(875); // 875.175
    expect(euros(10000)).toBe(1750);
    expect(euros(10001)).toBe(1450); // 1,450.145
    expect(euros(15000)).toBe(2175);
    expect(euros(15001)).toBe(2100); // 2,100.14
    expect(euros(50)).toBe(10); // 9.5 rounds up
    expect(membershipQuota(comune(15001), 2026, LISTS).rule).toContain('fascia oltre 15.000');
  });

  it('2026-2030: fixed € 300 for Unioni, Comunità Montane, the capoluogo, Aziende Speciali and the other non-Comuni', () => {
    expect(membershipQuota(UNIONE, 2026, LISTS)).toEqual({ amountCents: 30000, rule: 'Quota fissa per Unione di Comuni (convenzione 2026-2030)' });
    for (const kind of ['comunita_montana', 'comune_capoluogo', 'azienda_speciale', 'consorzio', 'ente_non_territoriale'] as const) {
      expect(membershipQuota({ kind, residents: 196000 }, 2026, LISTS).amountCents).toBe(30000);
    }
  });

  it('2021-2025: the amount recorded for the Comune', () => {
    expect(membershipQuota(COCCAGLIO, 2021, LISTS)).toEqual({ amountCents: 197363, rule: "Quota registrata per l'Ente (convenzione 2021-2025)" });
  });

  it('2021-2025: fixed € 300 above 40,000 residents and for every non-Comune', () => {
    expect(membershipQuota(comune(40001), 2024, LISTS)).toMatchObject({ amountCents: 30000, rule: expect.stringContaining('oltre 40.000 abitanti') });
    expect(membershipQuota(UNIONE, 2024, LISTS).amountCents).toBe(30000);
    expect(membershipQuota({ kind: 'ente_non_territoriale', residents: 0 }, 2024, LISTS).amountCents).toBe(30000);
    expect(membershipQuota({ kind: 'comune_capoluogo', residents: 196000 }, 2024, LISTS).amountCents).toBe(30000);
  });

  it('2021-2025: a Comune without a recorded amount is an error that names the problem', () => {
    expect(() => membershipQuota(comune(40000), 2025, LISTS)).toThrow('Quota di adesione 2021-2025 non registrata');
    expect(() => membershipQuota(comune(3000, null), 2025, LISTS)).toThrow('anagrafica');
  });

  it('throws outside the price lists', () => {
    expect(() => membershipQuota(comune(3000), 2031, LISTS)).toThrow('Nessun listino in vigore');
  });

  it('refuses a Comune whose residents of the year the rule names are missing, and does not ask them of fixed kinds', () => {
    const missing = { residents: null, name: 'Comune di Coccaglio', residentsYear: 2026 };
    expect(() => membershipQuota({ kind: 'comune', ...missing }, 2027, LISTS)).toThrow(
      'Mancano gli abitanti al 31/12/2026 del Comune di Coccaglio: inseriscili in Amministrazione → Enti prima di calcolare la quota 2027.',
    );
    expect(membershipQuota({ kind: 'unione_comuni', ...missing }, 2027, LISTS).amountCents).toBe(30000);
    expect(membershipQuota({ kind: 'comune_capoluogo', ...missing }, 2027, LISTS).amountCents).toBe(30000);
    expect(telemacoAllowance({ kind: 'consorzio', ...missing }, 2027, LISTS)).toBe(520);
    expect(() => telemacoAllowance({ kind: 'comune', ...missing }, 2027, LISTS)).toThrow(MissingResidentsError);
  });
});

describe('Telemaco', () => {
  it('2021-2025 allowance by band, 520 for a non-Comune', () => {
    const a = (residents: number) => telemacoAllowance(comune(residents), 2023, LISTS);
    expect([a(0), a(3000), a(3001), a(5000), a(5001), a(10000), a(10001), a(15000), a(15001)]).toEqual([
      170, 170, 270, 270, 520, 520, 870, 870, 1000,
    ]);
    expect(telemacoAllowance(UNIONE, 2023, LISTS)).toBe(520);
  });

  it('2026-2030 allowance by band, 520 for any non-Comune', () => {
    const a = (residents: number) => telemacoAllowance(comune(residents), 2026, LISTS);
    expect([a(0), a(3000), a(5000), a(5001), a(10000), a(10001), a(15000), a(15001)]).toEqual([270, 270, 270, 520, 520, 870, 870, 1000]);
    for (const kind of ['unione_comuni', 'comunita_montana', 'consorzio', 'azienda_speciale', 'ente_non_territoriale'] as const) {
      expect(telemacoAllowance({ kind, residents: 50000 }, 2026, LISTS)).toBe(520);
    }
    // The capoluogo is a Comune: it goes by residents.
    expect(telemacoAllowance({ kind: 'comune_capoluogo', residents: 196000 }, 2026, LISTS)).toBe(1000);
  });

  it('charges € 0.70 per look-up over the allowance', () => {
    expect(usageCharge(comune(3000), 2026, 270, LISTS)).toEqual({ overAllowance: 0, amountCents: 0 });
    expect(usageCharge(comune(3000), 2026, 300, LISTS)).toEqual({ overAllowance: 30, amountCents: 2100 });
    expect(usageCharge(comune(3000), 2025, 300, LISTS)).toEqual({ overAllowance: 130, amountCents: 9100 });
    expect(usageCharge(UNIONE, 2026, 1000, LISTS)).toEqual({ overAllowance: 480, amountCents: 33600 });
    expect(() => usageCharge(UNIONE, 2026, -1, LISTS)).toThrow('consultazioni');
  });
});

describe('schemas', () => {
  it('are named for OpenAPI', () => {
    expect(z.globalRegistry.get(QuoteSchema)?.id).toBe('Quote');
  });
});
