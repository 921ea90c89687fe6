import { SEED_PRICE_LISTS as LISTS } from '../../../migrations/src/data/price-lists';
import { planRenewal, previewOf, type RenewalRecord } from './renewals';

const comune = { kind: 'comune' as const, residents: 3000 };
let seq = 0;
const rec = (serviceCode: string, unitIndex: number, over: Partial<RenewalRecord> = {}): RenewalRecord => ({
  recordId: `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
  serviceCode,
  variant: null,
  unitIndex,
  unitLabel: null,
  conventionPeriod: '2021-2025',
  feeType: 'annual',
  ...over,
});

describe('1 January renewal with the rules of the new year', () => {
  it('2025 → 2026: of 5 PEC boxes of the 2021-2025 convention (3 free + 2 at € 36), 4 renew free and 1 at € 20', () => {
    const boxes = [1, 2, 3, 4, 5].map((i) => rec('pec', i, { unitLabel: `u${i}@pec.ente.it` }));
    const plan = planRenewal({ ente: comune, member: true, records: boxes.slice().reverse() }, 2026, LISTS);
    expect(plan.map((d) => (d.action === 'renew' ? [d.unitLabel, d.conventionPeriod, d.unitIndex, d.free, d.amountCents, d.reason] : d.action))).toEqual([
      ['u1@pec.ente.it', '2026-2030', 1, true, 0, 'allowance'],
      ['u2@pec.ente.it', '2026-2030', 2, true, 0, 'allowance'],
      ['u3@pec.ente.it', '2026-2030', 3, true, 0, 'allowance'],
      ['u4@pec.ente.it', '2026-2030', 4, true, 0, 'allowance'],
      ['u5@pec.ente.it', '2026-2030', 5, false, 2000, 'price'],
    ]);
    const last = plan[4]!;
    expect(last.action === 'renew' && last.description).toBe('Canone 2026 – Casella PEC n. 5 (u5@pec.ente.it)');
    expect(plan[0]!.note).toBe('Compresa nella convenzione 2026-2030 (4 caselle gratuite): rinnovo senza costi.');
    expect(last.note).toBe('Canone 2026 del listino 2026-2030: € 20,00.');
  });

  it('counts units held on 1 January in their old order; units already numbered in 2026 keep their free places', () => {
    // Boxes 4 and 6 were cancelled during 2021-2025: the three left fill three of the four new free places.
    const plan = planRenewal({ ente: comune, member: true, records: [rec('pec', 7), rec('pec', 2), rec('pec', 5)], heldInNewPeriod: { pec: 2 } }, 2026, LISTS);
    expect(plan.map((d) => d.action === 'renew' && [d.unitIndex, d.amountCents])).toEqual([
      [3, 0],
      [4, 0],
      [5, 2000],
    ]);
  });

  it('within the same convention a unit keeps its number: 2026 → 2027 the 5th box stays at € 20, the 4th free', () => {
    const plan = planRenewal({ ente: comune, member: true, records: [rec('pec', 4, { conventionPeriod: '2026-2030' }), rec('pec', 5, { conventionPeriod: '2026-2030' })] }, 2027, LISTS);
    expect(plan.map((d) => d.action === 'renew' && [d.unitIndex, d.amountCents])).toEqual([
      [4, 0],
      [5, 2000],
    ]);
  });

  it('does not renew signature kits (one-off), and ends pagoPA on 31/12/2025 because the 2026-2030 list does not offer it', () => {
    const plan = planRenewal(
      { ente: comune, member: true, records: [rec('firma_digitale', 4, { feeType: 'one_off' }), rec('pagopa', 1, { variant: 'regione' })] },
      2026, LISTS,
    );
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ action: 'end', serviceCode: 'pagopa', endsOn: '2025-12-31', reason: 'not_offered' });
    expect(plan[0]!.note).toBe('Il servizio «Portale pagoPA» non è previsto dal listino 2026-2030: non si rinnova e cessa il 31/12/2025.');
  });

  it('in 2021-2025 pagoPA renews at the upkeep of the Ente’s band (a Comune of 3,000: € 900), whatever it cost before', () => {
    const plan = planRenewal({ ente: comune, member: true, records: [rec('pagopa', 1, { variant: 'partner' })] }, 2024, LISTS);
    expect(plan[0]).toMatchObject({ action: 'renew', amountCents: 90000, reason: 'price' });
  });

  it('ends every unit of an Ente without the 2026-2030 membership, the free ones too', () => {
    const plan = planRenewal({ ente: comune, member: false, records: [rec('pec', 1), rec('pec', 4), rec('pagopa', 1)] }, 2026, LISTS);
    expect(plan.map((d) => [d.action, d.serviceCode, d.action === 'end' && d.reason, d.action === 'end' && d.endsOn])).toEqual([
      ['end', 'pagopa', 'no_membership', '2025-12-31'],
      ['end', 'pec', 'no_membership', '2025-12-31'],
      ['end', 'pec', 'no_membership', '2025-12-31'],
    ]);
    expect(plan[1]!.note).toBe("L'Ente non ha aderito alla convenzione 2026-2030: «Casella PEC» non si rinnova e cessa il 31/12/2025.");
  });

  it('ends Wi-Fi access points in 2026 (not in the list) and renews them in 2025 at € 35 after the third', () => {
    const aps = [1, 2, 3, 4].map((i) => rec('wifi', i));
    expect(planRenewal({ ente: comune, member: true, records: aps }, 2025, LISTS).map((d) => d.action === 'renew' && d.amountCents)).toEqual([0, 0, 0, 3500]);
    expect(planRenewal({ ente: comune, member: true, records: aps }, 2026, LISTS).every((d) => d.action === 'end' && d.reason === 'not_offered')).toBe(true);
  });

  it('sums a preview per Ente and overall', () => {
    const plan = planRenewal({ ente: comune, member: true, records: [1, 2, 3, 4, 5, 6].map((i) => rec('pec', i)).concat(rec('pagopa', 1)) }, 2026, LISTS);
    const preview = previewOf(2026, [{ ente: { id: 'e', name: 'Comune di Prova' }, member: true, decisions: plan }], LISTS);
    expect(preview.priceList).toBe('2026-2030');
    expect(preview.enti[0]).toMatchObject({ renewCount: 6, endCount: 1, amountCents: 4000 });
    expect(preview.totals).toEqual({ renewCount: 6, freeCount: 4, endCount: 1, amountCents: 4000 });
  });
});
