import { z } from 'zod';

/**
 * Every service of both price lists (2021-2025 and 2026-2030). A code is kept even when the
 * current list no longer offers it, so that records from the old period still resolve.
 *
 * Signature kits and certificate renewals are two codes (firma_digitale, firma_rinnovo), not one
 * code with variants: each has its own allowance (3 + 3 per convention), its own price in 2021
 * (€ 75 / € 25), its own request form and its own records, so counting "what the Ente already
 * holds" is simply counting the records of one code.
 */
export const SERVICE_CODES = [
  'helpdesk',
  'firma_digitale',
  'firma_rinnovo',
  'pec',
  'posta_m365',
  'telemaco',
  'formazione',
  'consulenza',
  'conservazione',
  'wifi',
  'pagopa',
  'spid',
  'seclog',
  'drupal_hosting',
  'email_30gb',
  'sms_account',
  'sms_3000',
  'portale',
  'email_extra_gb',
  'telemaco_elenco_imprese',
  'piano_performance',
  'fatturazione_elettronica',
  'mypivot',
  'app_io',
  'prenotazione_strutture',
  'cuc_supporto',
] as const;
export const ServiceCodeEnum = z.enum(SERVICE_CODES).meta({ id: 'ServiceCodeEnum' });
export type ServiceCode = z.infer<typeof ServiceCodeEnum>;

export const CatalogVariantSchema = z
  .object({
    code: z.string(),
    /** Completes a sentence: "pagoPA tramite Regione Lombardia". */
    label: z.string(),
  })
  .meta({ id: 'CatalogVariant' });
export type CatalogVariant = z.infer<typeof CatalogVariantSchema>;

/** How one unit is named in Italian sentences ("la Sua 5ª casella PEC", "4 caselle gratuite"). */
export const UnitNounSchema = z
  .object({
    singular: z.string(),
    plural: z.string(),
    /** Without qualifier, for the allowance wording of DOMAIN.md: "4 caselle gratuite", "oltre 1 casella compresa". */
    shortSingular: z.string(),
    shortPlural: z.string(),
    /** Drives the ordinal (5ª / 5°) and the agreement (gratuita / gratuito). */
    feminine: z.boolean(),
  })
  .meta({ id: 'UnitNoun' });
export type UnitNoun = z.infer<typeof UnitNounSchema>;

export const CatalogServiceSchema = z
  .object({
    code: ServiceCodeEnum,
    name: z.string(),
    description: z.string(),
    /** What labels each unit on the service record (mailbox address, kit holder); null when units are anonymous. */
    unitLabel: z.string().nullable(),
    unit: UnitNounSchema,
    /** Activated and cancelled through an activation/cancellation ticket (and so gets a service record). */
    requestable: z.boolean(),
    /** Billed by consumption in the half-year statement rather than per activated unit. */
    usageBased: z.boolean(),
    /** Empty when the service has a single form; otherwise the request must pick one. */
    variants: z.array(CatalogVariantSchema),
  })
  .meta({ id: 'CatalogService' });
export type CatalogService = z.infer<typeof CatalogServiceSchema>;

const noun =
  (feminine: boolean) =>
  (singular: string, plural: string, short: [string, string] = [singular, plural]): UnitNoun => ({
    singular,
    plural,
    shortSingular: short[0],
    shortPlural: short[1],
    feminine,
  });
const f = noun(true);
const m = noun(false);

const entry = (e: Omit<CatalogService, 'variants'> & { variants?: CatalogVariant[] }): CatalogService =>
  Object.freeze({ ...e, variants: e.variants ?? [] });

export const CATALOG: Readonly<Record<ServiceCode, CatalogService>> = Object.freeze({
  helpdesk: entry({
    code: 'helpdesk',
    name: 'Helpdesk CIT',
    description: 'Assistenza di primo livello sui servizi erogati, tramite ticket sul portale CIT.',
    unitLabel: null,
    unit: m('servizio', 'servizi'),
    requestable: false,
    usageBased: false,
  }),
  firma_digitale: entry({
    code: 'firma_digitale',
    name: 'Kit di firma digitale',
    description: 'Fornitura di un dispositivo completo di firma digitale.',
    unitLabel: 'Titolare del kit',
    unit: m('kit di firma digitale', 'kit di firma digitale', ['kit', 'kit']),
    requestable: true,
    usageBased: false,
  }),
  firma_rinnovo: entry({
    code: 'firma_rinnovo',
    name: 'Rinnovo certificato di firma digitale',
    description: 'Rinnovo di un certificato di firma digitale già rilasciato.',
    unitLabel: 'Titolare del certificato',
    unit: m('rinnovo di certificato di firma', 'rinnovi di certificato di firma', ['rinnovo', 'rinnovi']),
    requestable: true,
    usageBased: false,
  }),
  pec: entry({
    code: 'pec',
    name: 'Casella PEC',
    description: 'Casella di posta elettronica certificata sul dominio @pec dell’Ente, rinnovata ogni anno fino a disdetta.',
    unitLabel: 'Indirizzo della casella',
    unit: f('casella PEC', 'caselle PEC', ['casella', 'caselle']),
    requestable: true,
    usageBased: false,
  }),
  posta_m365: entry({
    code: 'posta_m365',
    name: 'Gestione posta Microsoft 365',
    description: 'Supporto alla gestione della posta elettronica ordinaria in Microsoft 365; le licenze sono a carico dell’Ente.',
    unitLabel: 'Dominio di posta',
    unit: m('servizio', 'servizi'),
    requestable: true,
    usageBased: false,
  }),
  telemaco: entry({
    code: 'telemaco',
    name: 'Telemaco',
    description: 'Consultazione del Registro delle imprese (visure, certificati); consultazioni annuali incluse secondo gli abitanti.',
    unitLabel: 'Utente abilitato',
    unit: f('utenza Telemaco', 'utenze Telemaco', ['utenza', 'utenze']),
    requestable: true,
    usageBased: true,
  }),
  formazione: entry({
    code: 'formazione',
    name: 'Formazione e incontri con il territorio',
    description: 'Eventi formativi per gli Enti aderenti; l’iscrizione avviene sul portale CIT, non tramite ticket.',
    unitLabel: null,
    unit: m('evento formativo', 'eventi formativi', ['evento', 'eventi']),
    requestable: false,
    usageBased: false,
  }),
  consulenza: entry({
    code: 'consulenza',
    name: 'Tavoli tecnici e consulenza per la trasformazione digitale',
    description: 'Tavoli tecnici con gli RTD, analisi e progettazione dei processi di trasformazione digitale.',
    unitLabel: null,
    unit: f('consulenza', 'consulenze'),
    requestable: false,
    usageBased: false,
  }),
  conservazione: entry({
    code: 'conservazione',
    name: 'Conservazione digitale',
    description: 'Spazio per la conservazione digitale a norma, in GB.',
    unitLabel: null,
    unit: m('GB di conservazione', 'GB di conservazione', ['GB', 'GB']),
    requestable: true,
    usageBased: false,
  }),
  wifi: entry({
    code: 'wifi',
    name: 'Access point Wi-Fi',
    description: 'Manutenzione e assistenza di un access point della rete Wi-Fi pubblica.',
    unitLabel: 'Ubicazione dell’access point',
    unit: m('access point Wi-Fi', 'access point Wi-Fi', ['access point', 'access point']),
    requestable: true,
    usageBased: false,
  }),
  pagopa: entry({
    code: 'pagopa',
    name: 'Portale pagoPA',
    description: 'Portale multi-ente per i pagamenti elettronici pagoPA: attivazione e assistenza e manutenzione annuale.',
    unitLabel: null,
    unit: m('portale pagoPA', 'portali pagoPA'),
    requestable: true,
    usageBased: false,
    variants: [
      { code: 'regione', label: 'tramite Regione Lombardia' },
      { code: 'partner', label: 'tramite partner tecnologico' },
    ],
  }),
  spid: entry({
    code: 'spid',
    name: 'Assistenza SPID',
    description: 'Assistenza tecnica all’attivazione di SPID per i servizi online dell’Ente.',
    unitLabel: null,
    unit: f('assistenza SPID', 'assistenze SPID'),
    requestable: true,
    usageBased: false,
  }),
  seclog: entry({
    code: 'seclog',
    name: 'Amministratore di sistema – SECLOG',
    description: 'Soluzione Sec-Log per la gestione degli accessi dell’amministratore di sistema (mantenimento).',
    unitLabel: null,
    unit: f('licenza SECLOG', 'licenze SECLOG'),
    requestable: true,
    usageBased: false,
  }),
  drupal_hosting: entry({
    code: 'drupal_hosting',
    name: 'Hosting siti Drupal',
    description: 'Ospitalità di un sito Drupal dell’Ente.',
    unitLabel: 'Indirizzo del sito',
    unit: m('sito Drupal', 'siti Drupal'),
    requestable: true,
    usageBased: false,
  }),
  email_30gb: entry({
    code: 'email_30gb',
    name: 'Posta elettronica (30 GB)',
    description: 'Servizio di gestione della posta elettronica ordinaria: dominio, hosting (30 GB) e assistenza.',
    unitLabel: 'Dominio di posta',
    unit: m('servizio di posta', 'servizi di posta'),
    requestable: true,
    usageBased: false,
  }),
  sms_account: entry({
    code: 'sms_account',
    name: 'Account SMS in Comune',
    description: 'Account della piattaforma SMS in Comune per le comunicazioni istituzionali ai cittadini iscritti.',
    unitLabel: null,
    unit: m('account SMS', 'account SMS'),
    requestable: true,
    usageBased: false,
  }),
  sms_3000: entry({
    code: 'sms_3000',
    name: 'Pacchetto 3.000 SMS',
    description: 'Pacchetto di 3.000 SMS per la piattaforma SMS in Comune.',
    unitLabel: null,
    unit: m('pacchetto SMS', 'pacchetti SMS'),
    requestable: true,
    usageBased: false,
  }),
  portale: entry({
    code: 'portale',
    name: 'Portale istituzionale',
    description: 'Portale istituzionale dell’Ente e servizi accessori: dominio, hosting su cloud certificato, assistenza e formazione.',
    unitLabel: 'Indirizzo del portale',
    unit: m('portale', 'portali'),
    requestable: true,
    usageBased: false,
  }),
  email_extra_gb: entry({
    code: 'email_extra_gb',
    name: 'Posta elettronica – GB aggiuntivi',
    description: 'Spazio aggiuntivo, in GB, per il servizio di posta elettronica ordinaria gestito dal CIT.',
    unitLabel: 'Dominio di posta',
    unit: m('GB di posta aggiuntivo', 'GB di posta aggiuntivi', ['GB', 'GB']),
    requestable: true,
    usageBased: false,
  }),
  telemaco_elenco_imprese: entry({
    code: 'telemaco_elenco_imprese',
    name: 'Estrazione elenco imprese Telemaco',
    description: 'Estrazione dal Registro delle imprese dell’elenco delle imprese del territorio dell’Ente.',
    unitLabel: null,
    unit: f('estrazione', 'estrazioni'),
    requestable: true,
    usageBased: false,
  }),
  piano_performance: entry({
    code: 'piano_performance',
    name: 'Piano Performance',
    description: 'Applicazione per il ciclo di programmazione e controllo (PEG e Piano della Performance): attivazione e mantenimento annuale.',
    unitLabel: null,
    unit: m('servizio', 'servizi'),
    requestable: true,
    usageBased: false,
  }),
  fatturazione_elettronica: entry({
    code: 'fatturazione_elettronica',
    name: 'Fatturazione elettronica',
    description: 'Servizio di fatturazione elettronica: manutenzione annuale, con o senza assistenza.',
    unitLabel: null,
    unit: m('servizio', 'servizi'),
    requestable: true,
    usageBased: false,
    variants: [
      { code: 'manutenzione', label: 'con manutenzione' },
      { code: 'assistenza', label: 'con manutenzione e assistenza' },
    ],
  }),
  mypivot: entry({
    code: 'mypivot',
    name: 'Supporto MyPivot',
    description: 'Supporto consulenziale per la rendicontazione contabile dei pagamenti pagoPA (MyPivot).',
    unitLabel: null,
    unit: m('servizio', 'servizi'),
    requestable: true,
    usageBased: false,
  }),
  app_io: entry({
    code: 'app_io',
    name: 'App IO',
    description: 'Attivazione delle funzionalità dell’App IO per i servizi di eGovernment dell’Ente.',
    unitLabel: null,
    unit: m('servizio', 'servizi'),
    requestable: true,
    usageBased: false,
  }),
  prenotazione_strutture: entry({
    code: 'prenotazione_strutture',
    name: 'Prenotazione strutture pubbliche',
    description: 'Servizio per la prenotazione delle strutture pubbliche: i funzionari gestiscono le disponibilità, i cittadini prenotano.',
    unitLabel: null,
    unit: m('servizio', 'servizi'),
    requestable: true,
    usageBased: false,
  }),
  cuc_supporto: entry({
    code: 'cuc_supporto',
    name: 'Supporto alla CUC di Area Vasta',
    description: 'Strumenti tecnologici e supporto tecnico alle attività della Centrale Unica di Committenza di Area Vasta.',
    unitLabel: null,
    unit: m('servizio', 'servizi'),
    requestable: true,
    usageBased: false,
  }),
});

export function catalogService(code: ServiceCode): CatalogService {
  return CATALOG[code];
}
