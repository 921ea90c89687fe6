import { SEED_PRICE_LISTS as LISTS } from '../../../migrations/src/data/price-lists';
import { allowanceUsage, priceListFor, type EnteFacts } from './index';

const list2026 = priceListFor('2026-06-01', LISTS);
const COCCAGLIO: EnteFacts = { kind: 'comune', residents: 8757, recordedQuota2021Cents: 197363 };

describe('allowanceUsage', () => {
  it('2026-2030: PEC counts against 4 free boxes, signature kits and renewals against 3', () => {
    const usage = allowanceUsage(list2026, COCCAGLIO, [{ serviceCode: 'pec', used: 3, active: 2 }]);
    expect(usage).toEqual([
      { serviceCode: 'firma_digitale', used: 0, active: 0, allowance: 3 },
      { serviceCode: 'firma_rinnovo', used: 0, active: 0, allowance: 3 },
      { serviceCode: 'pec', used: 3, active: 2, allowance: 4 },
    ]);
  });

  it('lists a service without allowance only when the Ente holds units of it, with a null allowance', () => {
    const usage = allowanceUsage(list2026, COCCAGLIO, [
      { serviceCode: 'posta_m365', used: 2, active: 2 },
      { serviceCode: 'pec', used: 6, active: 6 },
    ]);
    expect(usage.find((u) => u.serviceCode === 'posta_m365')).toEqual({ serviceCode: 'posta_m365', used: 2, active: 2, allowance: null });
    expect(usage.find((u) => u.serviceCode === 'pec')).toEqual({ serviceCode: 'pec', used: 6, active: 6, allowance: 4 });
    expect(usage.some((u) => u.serviceCode === 'helpdesk')).toBe(false);
  });

  it('2021-2025: an allowance by residents is unknown (null) while the residents are missing, not an error', () => {
    const list2021 = priceListFor('2024-06-01', LISTS);
    const noResidents: EnteFacts = { kind: 'comune', residents: null, name: 'Comune di X', residentsYear: 2023 };
    const usage = allowanceUsage(list2021, noResidents, [{ serviceCode: 'conservazione', used: 1, active: 1 }]);
    expect(usage.find((u) => u.serviceCode === 'conservazione')).toEqual({ serviceCode: 'conservazione', used: 1, active: 1, allowance: null });
    expect(usage.find((u) => u.serviceCode === 'pec')).toEqual({ serviceCode: 'pec', used: 0, active: 0, allowance: 3 });
  });
});
