import { SEED_PRICE_LISTS as LISTS } from '../../../migrations/src/data/price-lists';
import { z } from 'zod';
import { CATALOG, PriceListSchema, priceListFor, priceListForYear, resolveValue, tariffFor } from './index';

describe('price lists', () => {
  it('covers both convention periods exactly', () => {
    expect(LISTS.map((p) => [p.period, p.startsOn, p.endsOn])).toEqual([
      ['2021-2025', '2021-01-01', '2025-12-31'],
      ['2026-2030', '2026-01-01', '2030-12-31'],
    ]);
  });

  it('is valid data for its own schema, round-tripping through JSON', () => {
    for (const list of LISTS) {
      expect(PriceListSchema.parse(JSON.parse(JSON.stringify(list)))).toEqual(list);
    }
    expect(z.globalRegistry.get(PriceListSchema)?.id).toBe('PriceList');
  });

  it('rejects broken data', () => {
    const base = JSON.parse(JSON.stringify(LISTS[1])) as Record<string, unknown>;
    expect(PriceListSchema.safeParse({ ...base, endsOn: '2020-01-01' }).success).toBe(false);
    const pec = { serviceCode: 'pec', allowance: null, fees: {}, note: '' };
    expect(PriceListSchema.safeParse({ ...base, services: [pec, pec] }).success).toBe(false);
    const unordered = { comuni: [{ upTo: null, value: 1 }, { upTo: 5000, value: 2 }], otherKinds: 0 };
    const bad = { serviceCode: 'pec', allowance: { per: 'convention', amount: unordered }, fees: {}, note: '' };
    expect(PriceListSchema.safeParse({ ...base, services: [bad] }).success).toBe(false);
    const fractional = { serviceCode: 'spid', allowance: null, fees: { oneOffCents: 10.5 }, note: '' };
    expect(PriceListSchema.safeParse({ ...base, services: [fractional] }).success).toBe(false);
  });

  it('chooses the list in force on the date', () => {
    expect(priceListFor('2025-12-31', LISTS).period).toBe('2021-2025');
    expect(priceListFor('2026-01-01', LISTS).period).toBe('2026-2030');
    expect(priceListFor('2021-01-01', LISTS).period).toBe('2021-2025');
    expect(priceListFor('2030-12-31', LISTS).period).toBe('2026-2030');
    expect(priceListForYear(2023, LISTS).period).toBe('2021-2025');
  });

  it('throws a clear error outside both lists or on a bad date', () => {
    expect(() => priceListFor('2020-12-31', LISTS)).toThrow('Nessun listino in vigore il 31/12/2020');
    expect(() => priceListFor('2031-01-01', LISTS)).toThrow('01/01/2021–31/12/2025, 01/01/2026–31/12/2030');
    expect(() => priceListFor('2026-02-30', LISTS)).toThrow('Data non valida');
    expect(() => priceListFor('1/1/2026', LISTS)).toThrow('Data non valida');
  });

  it('offers only the services of its document', () => {
    const old = priceListFor('2024-06-01', LISTS);
    const current = priceListFor('2026-06-01', LISTS);
    expect(tariffFor(old, 'pagopa')).toBeDefined();
    expect(tariffFor(current, 'pagopa')).toBeUndefined();
    expect(tariffFor(old, 'posta_m365')).toBeUndefined();
    expect(tariffFor(current, 'posta_m365')).toBeDefined();
    // Every code belongs to at least one list.
    for (const code of Object.keys(CATALOG) as (keyof typeof CATALOG)[]) {
      expect(LISTS.some((p) => tariffFor(p, code))).toBe(true);
    }
  });

  it('gives 2021 preservation space by band and to aggregations of Comuni', () => {
    const amount = tariffFor(priceListForYear(2022, LISTS), 'conservazione')!.allowance!.amount;
    const gb = (kind: Parameters<typeof resolveValue>[1]['kind'], residents: number) => resolveValue(amount, { kind, residents });
    expect([gb('comune', 3000), gb('comune', 3001), gb('comune', 5000), gb('comune', 5001), gb('comune', 10000), gb('comune', 10001)]).toEqual([
      0.5, 1, 1, 1.5, 1.5, 2,
    ]);
    expect([gb('comunita_montana', 0), gb('unione_comuni', 0), gb('consorzio', 0), gb('azienda_speciale', 0)]).toEqual([1, 1, 1, 0]);
  });
});

describe('versions of a price list with an effective date', () => {
  const v2026 = LISTS[1]!;
  const v2028 = { ...v2026, effectiveFrom: '2028-01-01', name: 'Allegato A, revisione 2028' };

  it('applies a later version from its effective date and not before', () => {
    const lists = [LISTS[0]!, v2028, v2026];
    expect(priceListFor('2027-12-31', lists).name).toBe(v2026.name);
    expect(priceListFor('2028-01-01', lists).name).toBe('Allegato A, revisione 2028');
    expect(priceListForYear(2030, lists).name).toBe('Allegato A, revisione 2028');
    expect(priceListForYear(2025, lists).period).toBe('2021-2025');
  });

  it('never applies a version outside its period, even when it takes effect before the date', () => {
    expect(() => priceListFor('2031-01-01', [v2028])).toThrow('Nessun listino in vigore il 01/01/2031');
    expect(() => priceListFor('2027-06-30', [v2028])).toThrow('Nessun listino in vigore il 30/06/2027');
  });

  it('refuses an effective date outside the convention period', () => {
    const parsed = PriceListSchema.safeParse({ ...v2026, effectiveFrom: '2031-01-01' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['effectiveFrom']);
  });
});
