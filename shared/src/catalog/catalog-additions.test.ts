import { SEED_PRICE_LISTS as LISTS } from '../../../migrations/src/data/price-lists';
import { CATALOG, annualFeeFor, priceListForYear, quoteRequest, tariffFor, type EnteFacts, type QuoteRequest } from './index';

/** Services the seeds price or name that the first catalog lacked (issue 14, point 7). */
const comune = (residents: number): EnteFacts => ({ kind: 'comune', residents });
const UNIONE: EnteFacts = { kind: 'unione_comuni', residents: 0 };
const quote = (over: Partial<QuoteRequest> & Pick<QuoteRequest, 'serviceCode'>) =>
  quoteRequest({ ente: comune(4000), quantity: 1, heldInConvention: 0, date: '2024-05-10', ...over }, LISTS);

describe('catalog additions – 2021-2025 (kit del riuso, B2.2/B2.3; Convenzione art. 6)', () => {
  it('extra e-mail GB: € 25 per GB when added and € 5 a year per GB of upkeep', () => {
    const q = quote({ serviceCode: 'email_extra_gb', quantity: 2 });
    expect(q.feeType).toBe('annual');
    expect(q.lines.map((l) => [l.kind, l.unitIndex, l.amountCents])).toEqual([
      ['activation', 1, 2500],
      ['annual', 1, 500],
      ['activation', 2, 2500],
      ['annual', 2, 500],
    ]);
    expect(q.totalCents).toBe(6000);
    expect(q.units.map((u) => u.annualCents)).toEqual([500, 500]);
    // The renewal bills the upkeep only.
    expect(annualFeeFor('email_extra_gb', null, comune(4000), 2025, LISTS)).toBe(500);
    expect(q.summary).toBe("Posta elettronica – GB aggiuntivi × 2: € 25,00 di attivazione + € 5,00 l'anno ciascuno; totale 2024: € 60,00");
  });

  it('Telemaco «estrazione elenco imprese» is one-off, priced by the residents bands, 3,000 in the first band', () => {
    const price = (residents: number) => quote({ serviceCode: 'telemaco_elenco_imprese', ente: comune(residents) }).totalCents;
    expect([price(0), price(3000), price(3001), price(5000), price(5001), price(10000), price(10001), price(15000), price(15001), price(90000)]).toEqual([
      3000, 3000, 6000, 6000, 9000, 9000, 12000, 12000, 15000, 15000,
    ]);
    const q = quote({ serviceCode: 'telemaco_elenco_imprese', ente: comune(12000) });
    expect(q.feeType).toBe('one_off');
    expect(q.lines).toEqual([
      { kind: 'one_off', year: 2024, unitIndex: 1, amountCents: 12000, description: 'Estrazione elenco imprese Telemaco n. 1 – una tantum', payerEnteId: null },
    ]);
    expect(annualFeeFor('telemaco_elenco_imprese', null, comune(12000), 2025, LISTS)).toBeNull();
    // Not a Comune: the middle band, as its Telemaco look-ups.
    expect(quote({ serviceCode: 'telemaco_elenco_imprese', ente: UNIONE }).totalCents).toBe(9000);
  });

  it('Piano Performance: activation and yearly upkeep by band (€ 200 / 300 / 500)', () => {
    const lines = (residents: number) =>
      quote({ serviceCode: 'piano_performance', ente: comune(residents) }).lines.map((l) => [l.kind, l.amountCents]);
    expect(lines(5000)).toEqual([
      ['activation', 20000],
      ['annual', 20000],
    ]);
    expect(lines(5001)).toEqual([
      ['activation', 30000],
      ['annual', 30000],
    ]);
    expect(lines(10001)).toEqual([
      ['activation', 50000],
      ['annual', 50000],
    ]);
    expect(annualFeeFor('piano_performance', null, comune(7000), 2025, LISTS)).toBe(30000);
  });

  it('Fatturazione elettronica: a variant is required; maintenance or maintenance and assistance, yearly by band', () => {
    expect(() => quote({ serviceCode: 'fatturazione_elettronica' })).toThrow('indichi la modalità');
    const annual = (variant: string, residents: number) =>
      quote({ serviceCode: 'fatturazione_elettronica', variant, ente: comune(residents) }).lines.map((l) => [l.kind, l.amountCents]);
    expect([annual('manutenzione', 4000), annual('manutenzione', 8000), annual('manutenzione', 20000)]).toEqual([
      [['annual', 140000]],
      [['annual', 200000]],
      [['annual', 260000]],
    ]);
    expect([annual('assistenza', 4000), annual('assistenza', 8000), annual('assistenza', 20000)]).toEqual([
      [['annual', 250000]],
      [['annual', 370000]],
      [['annual', 490000]],
    ]);
    expect(annualFeeFor('fatturazione_elettronica', 'assistenza', comune(8000), 2025, LISTS)).toBe(370000);
    expect(quote({ serviceCode: 'fatturazione_elettronica', variant: 'assistenza' }).summary).toBe(
      "Fatturazione elettronica con manutenzione e assistenza: € 2.500,00 l'anno",
    );
  });

  it.each(['mypivot', 'app_io', 'prenotazione_strutture', 'cuc_supporto'] as const)('%s is requestable at no extra cost in 2021-2025', (code) => {
    expect(CATALOG[code].requestable).toBe(true);
    const q = quote({ serviceCode: code });
    expect(q).toMatchObject({ priceList: '2021-2025', feeType: 'none', lines: [], totalCents: 0 });
    expect(q.units).toEqual([{ index: 1, free: true, reason: 'Compreso nella quota annuale di adesione', annualCents: null }]);
    expect(tariffFor(priceListForYear(2023, LISTS), code)?.fees).toEqual({});
  });

  it('none of them is in the 2026-2030 list (Allegato A does not name them)', () => {
    const list = priceListForYear(2026, LISTS);
    for (const code of ['email_extra_gb', 'telemaco_elenco_imprese', 'piano_performance', 'fatturazione_elettronica', 'mypivot', 'app_io', 'prenotazione_strutture', 'cuc_supporto'] as const) {
      expect(tariffFor(list, code)).toBeUndefined();
      expect(() => quote({ serviceCode: code, date: '2026-02-01', variant: code === 'fatturazione_elettronica' ? 'manutenzione' : null })).toThrow(
        'non è previsto dal listino 2026-2030',
      );
    }
  });
});
