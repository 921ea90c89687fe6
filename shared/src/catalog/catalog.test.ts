import { z } from 'zod';
import { CATALOG, CatalogServiceSchema, SERVICE_CODES, ServiceCodeEnum, formatEuro } from './index';

describe('catalog', () => {
  it('has one valid entry per service code, keyed by its own code', () => {
    expect(Object.keys(CATALOG)).toEqual([...SERVICE_CODES]);
    for (const code of SERVICE_CODES) {
      expect(CATALOG[code].code).toBe(code);
      expect(CatalogServiceSchema.safeParse(CATALOG[code]).success).toBe(true);
    }
  });

  it('exposes the codes as a named zod enum', () => {
    expect(ServiceCodeEnum.parse('firma_rinnovo')).toBe('firma_rinnovo');
    expect(ServiceCodeEnum.safeParse('fax').success).toBe(false);
    expect(z.globalRegistry.get(ServiceCodeEnum)?.id).toBe('ServiceCodeEnum');
  });

  it('labels the units the records need to tell apart', () => {
    expect(CATALOG.pec).toMatchObject({ name: 'Casella PEC', unitLabel: 'Indirizzo della casella', requestable: true });
    expect(CATALOG.firma_digitale.unitLabel).toBe('Titolare del kit');
    expect(CATALOG.helpdesk).toMatchObject({ unitLabel: null, requestable: false });
    expect(CATALOG.telemaco.usageBased).toBe(true);
    expect(SERVICE_CODES.filter((c) => CATALOG[c].usageBased)).toEqual(['telemaco']);
    expect(CATALOG.pagopa.variants.map((v) => v.code)).toEqual(['regione', 'partner']);
  });
});

describe('formatEuro', () => {
  it('writes cents the Italian way with the symbol first', () => {
    expect(formatEuro(153200)).toBe('€ 1.532,00');
    expect(formatEuro(70)).toBe('€ 0,70');
    expect(formatEuro(0)).toBe('€ 0,00');
    expect(formatEuro(197363)).toBe('€ 1.973,63');
    expect(formatEuro(123456789)).toBe('€ 1.234.567,89');
    expect(formatEuro(-2000)).toBe('-€ 20,00');
  });

  it('refuses fractions of a cent', () => {
    expect(() => formatEuro(10.5)).toThrow('centesimi');
  });
});
