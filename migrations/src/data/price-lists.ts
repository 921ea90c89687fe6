import type { EnteKind, PriceList, ScaledValue, ServiceTariff } from '@cit/shared';

/**
 * The price lists first seeded into price_list_versions by migration 1765700000000: 2021-2025 (Convenzione, schede
 * servizi, tables B2.2/B2.3 of the 2019 kit del riuso, kept in force by art. 13.10) and 2026-2030 (Allegato A).
 * From then on the database holds them and admins edit them there; the running product never reads this file
 * (only the migration and the engine's unit tests, as fixtures). Validated by PriceListSchema in the tests.
 */
// ---------------------------------------------------------------------------------------------
// The data. Amounts in cents. Where DOMAIN.md and a seed disagree, DOMAIN.md wins (e.g. the
// 2021 Telemaco text says "oltre i 10.000" for the 1,000 band: it is > 15,000).

const EUR = (euro: number): number => Math.round(euro * 100);
const NON_COMUNE_KINDS: Exclude<EnteKind, 'comune' | 'comune_capoluogo'>[] = [
  'comunita_montana',
  'unione_comuni',
  'consorzio',
  'azienda_speciale',
  'ente_non_territoriale',
];

const TELEMACO_2021: ScaledValue = {
  comuni: [
    { upTo: 3000, value: 170 },
    { upTo: 5000, value: 270 },
    { upTo: 10000, value: 520 },
    { upTo: 15000, value: 870 },
    { upTo: null, value: 1000 },
  ],
  otherKinds: 520,
};

const TELEMACO_2026: ScaledValue = {
  comuni: [
    { upTo: 5000, value: 270 },
    { upTo: 10000, value: 520 },
    { upTo: 15000, value: 870 },
    { upTo: null, value: 1000 },
  ],
  otherKinds: 520,
};

const TELEMACO_USAGE_CENTS = 70;

const INCLUDED = 'Compreso nella quota annuale di adesione al CIT.';
/** Services the Convenzione 2021-2025 (art. 6) lists without a price anywhere in the seeds. */
const NAMED_NO_PRICE = 'Previsto dalla Convenzione 2021-2025 (art. 6) senza un importo: nessun costo aggiuntivo.';

/** B2.3 bands for Comuni; other Enti (the seed prices only Comuni) take the middle band, as for their Telemaco look-ups. */
const threeBands = (upTo5000: number, upTo10000: number, over: number): ScaledValue => ({
  comuni: [
    { upTo: 5000, value: EUR(upTo5000) },
    { upTo: 10000, value: EUR(upTo10000) },
    { upTo: null, value: EUR(over) },
  ],
  otherKinds: EUR(upTo10000),
});
const PERFORMANCE_2021 = threeBands(200, 300, 500);
const FATTURAZIONE_MANUTENZIONE_2021 = threeBands(1400, 2000, 2600);
const FATTURAZIONE_ASSISTENZA_2021 = threeBands(2500, 3700, 4900);
// Typed on its own: its variants would otherwise be merged with pagoPA's when the list literal is inferred.
const FATTURAZIONE_2021: ServiceTariff = {
  serviceCode: 'fatturazione_elettronica',
  allowance: null,
  fees: { annual: { amountCents: FATTURAZIONE_MANUTENZIONE_2021, proRata: false } },
  variants: {
    manutenzione: { annual: { amountCents: FATTURAZIONE_MANUTENZIONE_2021, proRata: false } },
    assistenza: { annual: { amountCents: FATTURAZIONE_ASSISTENZA_2021, proRata: false } },
  },
  note: 'Fatturazione elettronica, canone annuale secondo gli abitanti: manutenzione da € 1.400,00 a € 2.600,00; manutenzione e assistenza da € 2.500,00 a € 4.900,00.',
};

export const SEED_PRICE_LISTS: readonly PriceList[] = Object.freeze([
  {
    period: '2021-2025',
    name: 'Convenzione 2021-2025',
    startsOn: '2021-01-01',
    endsOn: '2025-12-31',
    source: 'Convenzione 2021-2025 (art. 6 e 13), schede servizi CIT, tabelle B2.2/B2.3 del kit del riuso',
    membershipQuota: {
      method: 'recorded',
      fixedCents: EUR(300),
      // Consorzi and Aziende Speciali are not Comuni: the convention prices every non-territorial body and
      // the B2.1 table every "altra forma associativa" at € 300, so only Comuni have a recorded amount.
      fixedKinds: [...NON_COMUNE_KINDS, 'comune_capoluogo'],
      fixedAboveResidents: 40000,
    },
    services: [
      { serviceCode: 'helpdesk', allowance: null, fees: {}, note: INCLUDED },
      {
        serviceCode: 'firma_digitale',
        allowance: { per: 'convention', amount: 3 },
        fees: { oneOffCents: EUR(75) },
        note: '3 kit di firma digitale compresi per tutta la convenzione; € 75,00 per ogni kit aggiuntivo.',
      },
      {
        serviceCode: 'firma_rinnovo',
        allowance: { per: 'convention', amount: 3 },
        fees: { oneOffCents: EUR(25) },
        note: '3 rinnovi di certificato compresi per tutta la convenzione; € 25,00 per ogni rinnovo aggiuntivo.',
      },
      {
        serviceCode: 'pec',
        allowance: { per: 'convention', amount: 3 },
        fees: { activationCents: EUR(36), annual: { amountCents: EUR(36), proRata: false } },
        note: '3 caselle comprese; per ogni casella aggiuntiva € 36,00 di attivazione e € 36,00 per ogni anno solare di funzionamento.',
      },
      {
        serviceCode: 'telemaco',
        allowance: { per: 'year', amount: TELEMACO_2021 },
        fees: { usageCents: TELEMACO_USAGE_CENTS },
        note: 'Consultazioni annuali incluse secondo gli abitanti al 31/12 dell’anno precedente; € 0,70 per ogni consultazione oltre la soglia.',
      },
      { serviceCode: 'formazione', allowance: null, fees: {}, note: 'Formazione continua nell’ambito delle iniziative della Provincia di Brescia.' },
      {
        serviceCode: 'consulenza',
        allowance: null,
        fees: {},
        note: 'Assessment e supporto al Responsabile per la Transizione Digitale: costi definiti per ogni progetto.',
      },
      {
        serviceCode: 'conservazione',
        allowance: {
          per: 'convention',
          amount: {
            comuni: [
              { upTo: 3000, value: 0.5 },
              { upTo: 5000, value: 1 },
              { upTo: 10000, value: 1.5 },
              { upTo: null, value: 2 },
            ],
            // "Comunità Montane ed Enti capofila di aggregazioni di Comuni": Unioni and Consorzi of Comuni
            // are such aggregations; the other kinds are not in the seed and get no included space.
            otherKinds: 0,
            byKind: { comunita_montana: 1, unione_comuni: 1, consorzio: 1 },
          },
        },
        fees: { oneOffCents: EUR(100) },
        note: 'Spazio incluso secondo gli abitanti (da 0,5 a 2 GB); € 100,00 per ogni GB aggiuntivo.',
      },
      {
        serviceCode: 'wifi',
        allowance: { per: 'convention', amount: 3 },
        fees: { annual: { amountCents: EUR(35), proRata: false } },
        note: '€ 35,00 l’anno di manutenzione per ciascun access point successivo al terzo.',
      },
      {
        serviceCode: 'pagopa',
        allowance: null,
        fees: {
          annual: {
            amountCents: {
              comuni: [
                { upTo: 2000, value: EUR(500) },
                { upTo: 5000, value: EUR(900) },
                { upTo: 10000, value: EUR(1800) },
                { upTo: null, value: EUR(2500) },
              ],
              otherKinds: EUR(1500),
            },
            proRata: false,
          },
        },
        variants: { regione: { activationCents: EUR(1500) }, partner: { activationCents: EUR(500) } },
        note: 'Attivazione € 1.500,00 con Regione Lombardia o € 500,00 con partner tecnologici; assistenza e manutenzione annuale secondo gli abitanti (€ 1.500,00 per gli Enti diversi dai Comuni).',
      },
      { serviceCode: 'spid', allowance: null, fees: { oneOffCents: EUR(35) }, note: 'Assistenza tecnica al rilascio di SPID: € 35,00.' },
      {
        serviceCode: 'seclog',
        allowance: null,
        fees: { annual: { amountCents: EUR(100), proRata: false } },
        note: 'Amministratore di sistema SECLOG, mantenimento: € 100,00 l’anno.',
      },
      {
        serviceCode: 'drupal_hosting',
        allowance: null,
        fees: { annual: { amountCents: EUR(250), proRata: false } },
        note: 'Hosting di siti Drupal: € 250,00 l’anno.',
      },
      {
        serviceCode: 'email_30gb',
        allowance: null,
        fees: { annual: { amountCents: EUR(250), proRata: false } },
        note: 'Posta elettronica (30 GB): € 250,00 l’anno.',
      },
      {
        serviceCode: 'sms_account',
        allowance: null,
        fees: { annual: { amountCents: EUR(105), proRata: false } },
        note: 'Account per l’invio di SMS: € 105,00 l’anno.',
      },
      { serviceCode: 'sms_3000', allowance: null, fees: { oneOffCents: EUR(245) }, note: 'Pacchetto di 3.000 SMS: € 245,00.' },
      {
        serviceCode: 'portale',
        allowance: null,
        fees: {
          annual: {
            amountCents: {
              comuni: [
                { upTo: 1000, value: EUR(450) },
                { upTo: 2000, value: EUR(900) },
                { upTo: 3500, value: EUR(1250) },
                { upTo: 6000, value: EUR(2000) },
                { upTo: 10000, value: EUR(2500) },
                { upTo: 13500, value: EUR(3000) },
                { upTo: null, value: EUR(3500) },
              ],
              otherKinds: EUR(2500),
            },
            proRata: false,
          },
        },
        note: 'Portali comunali secondo gli abitanti (da € 450,00 a € 3.500,00); portali di Enti non comunali € 2.500,00.',
      },
      {
        serviceCode: 'email_extra_gb',
        allowance: null,
        // B2.2: "ulteriori GB € 25,00" when the space is added, "mantenimento GB aggiuntivi € 5,00" every year after,
        // read like the PEC lines of the same table (activation plus a fee per calendar year).
        fees: { activationCents: EUR(25), annual: { amountCents: EUR(5), proRata: false } },
        note: 'Posta elettronica, ulteriori GB: € 25,00 per GB all’attivazione e € 5,00 l’anno di mantenimento per GB.',
      },
      {
        serviceCode: 'telemaco_elenco_imprese',
        allowance: null,
        fees: {
          oneOffCents: {
            // B2.3 writes "< 3.000" then "3.001-5.000": 3,000 belongs to the first band, as for pagoPA.
            comuni: [
              { upTo: 3000, value: EUR(30) },
              { upTo: 5000, value: EUR(60) },
              { upTo: 10000, value: EUR(90) },
              { upTo: 15000, value: EUR(120) },
              { upTo: null, value: EUR(150) },
            ],
            // The seed prices Comuni only; other Enti take the 5,001-10,000 band, as for their Telemaco look-ups.
            otherKinds: EUR(90),
          },
        },
        note: 'Estrazione elenco imprese Telemaco, per estrazione, secondo gli abitanti: da € 30,00 (fino a 3.000) a € 150,00 (oltre 15.000).',
      },
      {
        serviceCode: 'piano_performance',
        allowance: null,
        fees: { activationCents: PERFORMANCE_2021, annual: { amountCents: PERFORMANCE_2021, proRata: false } },
        note: 'Piano Performance secondo gli abitanti: attivazione e mantenimento annuale di € 200,00 (fino a 5.000), € 300,00 (fino a 10.000), € 500,00 (oltre).',
      },
      FATTURAZIONE_2021,
      { serviceCode: 'mypivot', allowance: null, fees: {}, note: NAMED_NO_PRICE },
      { serviceCode: 'app_io', allowance: null, fees: {}, note: NAMED_NO_PRICE },
      { serviceCode: 'prenotazione_strutture', allowance: null, fees: {}, note: NAMED_NO_PRICE },
      {
        serviceCode: 'cuc_supporto',
        allowance: null,
        fees: {},
        note: 'Servizio di base della Convenzione 2021-2025 (art. 6): compreso nella quota annuale di adesione.',
      },
    ],
  },
  {
    period: '2026-2030',
    name: 'Convenzione 2026-2030 – Allegato A',
    startsOn: '2026-01-01',
    endsOn: '2030-12-31',
    source: 'Allegato A – Schede tecnico-economiche dei servizi CIT (convenzione 2026-2030)',
    membershipQuota: {
      method: 'residents_coefficient',
      bands: [
        { upTo: 5000, coefficient: 0.19 },
        { upTo: 10000, coefficient: 0.175 },
        { upTo: 15000, coefficient: 0.145 },
        { upTo: null, coefficient: 0.14 },
      ],
      fixedCents: EUR(300),
      // Allegato A names Comunità Montane, Unioni, capoluogo and Aziende Speciali. Consorzi and non-territorial
      // bodies have no residents to multiply; every earlier rule (convention 2021-2025, table B2.1) puts
      // them at the same € 300, so they stay there.
      fixedKinds: [...NON_COMUNE_KINDS, 'comune_capoluogo'],
    },
    services: [
      { serviceCode: 'helpdesk', allowance: null, fees: {}, note: INCLUDED },
      {
        serviceCode: 'firma_digitale',
        allowance: { per: 'convention', amount: 3 },
        fees: { oneOffCents: EUR(70) },
        note: '3 kit completi di firma digitale compresi; € 70,00 per ogni firma aggiuntiva (attivazione e mantenimento).',
      },
      {
        serviceCode: 'firma_rinnovo',
        allowance: { per: 'convention', amount: 3 },
        fees: { oneOffCents: EUR(70) },
        note: 'Rinnovo di 3 certificati compreso; € 70,00 per ogni rinnovo aggiuntivo.',
      },
      {
        serviceCode: 'pec',
        allowance: { per: 'convention', amount: 4 },
        // Allegato A says "€ 20,00 per attivazione e mantenimento": one yearly fee, no separate activation.
        fees: { annual: { amountCents: EUR(20), proRata: false } },
        note: '4 caselle PEC gratuite per tutta la convenzione; € 20,00 l’anno per ogni casella aggiuntiva.',
      },
      { serviceCode: 'posta_m365', allowance: null, fees: {}, note: 'Supporto compreso nella quota annuale; licenze Microsoft a carico dell’Ente.' },
      {
        serviceCode: 'telemaco',
        allowance: { per: 'year', amount: TELEMACO_2026 },
        fees: { usageCents: TELEMACO_USAGE_CENTS },
        note: 'Consultazioni annuali incluse secondo gli abitanti al 31/12 dell’anno precedente; € 0,70 per ogni consultazione oltre la soglia.',
      },
      {
        serviceCode: 'formazione',
        allowance: { per: 'year', amount: 2 },
        fees: {},
        note: 'Almeno 2 eventi formativi gratuiti all’anno; eventuali eventi aggiuntivi al costo stabilito per ciascun evento.',
      },
      {
        serviceCode: 'consulenza',
        allowance: null,
        fees: {},
        note: 'Tavoli tecnici e analisi dei requisiti compresi; i costi di mercato del servizio sono a carico degli Enti.',
      },
    ],
  },
] satisfies PriceList[]);
