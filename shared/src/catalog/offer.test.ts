import { SEED_PRICE_LISTS as LISTS } from '../../../migrations/src/data/price-lists';
import { BusinessRuleError } from '../errors';
import { MissingResidentsError, offerFor, offeredServices, quoteRequest } from './index';

describe('offerFor: the price list in force is the law', () => {
  it('refuses pagoPA in 2026, naming the list and the field, and offers it in 2025', () => {
    expect(offerFor('2026-03-10', 'pagopa', 'regione', LISTS)).toEqual({
      ok: false,
      priceList: '2026-2030',
      field: 'serviceCode',
      message: 'Il servizio «Portale pagoPA» non è previsto dal listino 2026-2030.',
    });
    expect(offerFor('2025-12-31', 'pagopa', 'regione', LISTS)).toEqual({ ok: true, priceList: '2021-2025' });
    expect(offerFor('2026-01-01', 'pec', null, LISTS)).toEqual({ ok: true, priceList: '2026-2030' });
  });

  it('refuses Microsoft 365 mail in 2025: the 2021-2025 list does not have it', () => {
    const offer = offerFor('2025-06-01', 'posta_m365', null, LISTS);
    expect(offer.ok).toBe(false);
    expect(!offer.ok && offer.message).toBe('Il servizio «Gestione posta Microsoft 365» non è previsto dal listino 2021-2025.');
  });

  it('asks for a variant the list prices, on the variant field', () => {
    const missing = offerFor('2025-06-01', 'pagopa', null, LISTS);
    expect(missing).toMatchObject({ ok: false, field: 'variant', priceList: '2021-2025' });
    expect(!missing.ok && missing.message).toMatch(/^Per il servizio «Portale pagoPA» indichi la modalità: «regione»/);
    expect(offerFor('2025-06-01', 'pagopa', 'altro', LISTS)).toMatchObject({ ok: false, field: 'variant' });
    expect(offerFor('2026-06-01', 'pec', 'regione', LISTS)).toMatchObject({ ok: false, field: 'variant' });
  });

  it('refuses what is not requested at all and dates outside every list', () => {
    expect(offerFor('2026-06-01', 'helpdesk', null, LISTS)).toMatchObject({ ok: false, field: 'serviceCode', priceList: '2026-2030' });
    const outside = offerFor('2031-01-01', 'pec', null, LISTS);
    expect(outside).toMatchObject({ ok: false, priceList: null, field: 'serviceCode' });
    expect(!outside.ok && outside.message).toMatch(/^Nessun listino in vigore il 01\/01\/2031/);
  });

  it('agrees with the engine: what it refuses, quoteRequest refuses with the same message', () => {
    const ente = { kind: 'comune' as const, residents: 3000 };
    const refused = offerFor('2026-02-01', 'pagopa', 'partner', LISTS);
    expect(refused.ok).toBe(false);
    const run = () => quoteRequest({ ente, serviceCode: 'pagopa', variant: 'partner', quantity: 1, heldInConvention: 0, date: '2026-02-01' }, LISTS);
    expect(run).toThrow(BusinessRuleError);
    expect(run).toThrow(!refused.ok ? refused.message : '');
  });

  it('lists the services each list offers for the wizard', () => {
    const y2026 = offeredServices('2026-05-01', LISTS);
    const y2025 = offeredServices('2025-05-01', LISTS);
    expect(y2026).toContain('pec');
    expect(y2026).toContain('posta_m365');
    expect(y2026).not.toContain('pagopa');
    expect(y2026).not.toContain('helpdesk');
    expect(y2025).toContain('pagopa');
    expect(y2025).not.toContain('posta_m365');
  });

  it('refuses a price that depends on residents not on file, and prices the others without them', () => {
    const missing = { residents: null, name: 'Comune di Serle', residentsYear: 2024 };
    const pagopa = (kind: 'comune' | 'unione_comuni') =>
      quoteRequest({ ente: { kind, ...missing }, serviceCode: 'pagopa', variant: 'regione', quantity: 1, heldInConvention: 0, date: '2025-03-01' }, LISTS);
    expect(() => pagopa('comune')).toThrow(MissingResidentsError);
    expect(() => pagopa('comune')).toThrow(
      'Mancano gli abitanti al 31/12/2024 del Comune di Serle: inseriscili in Amministrazione → Enti prima di calcolare importi e franchigie 2025.',
    );
    expect(pagopa('unione_comuni').totalCents).toBeGreaterThan(0);
    const pec = quoteRequest({ ente: { kind: 'comune', ...missing }, serviceCode: 'pec', quantity: 1, heldInConvention: 4, date: '2026-03-01' }, LISTS);
    expect(pec.totalCents).toBe(2000);
  });
});
