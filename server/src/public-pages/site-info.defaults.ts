import type { SiteInfo } from '@cit/shared';

/**
 * What the public pages say until the CIT configures its own texts (SITE_INFO_FILE). Contacts and hours are those
 * of the CIT's service sheets (seeds 003 and 004); the privacy notice follows GDPR art. 13 point by point.
 */
export const DEFAULT_SITE_INFO: SiteInfo = {
  accessibilityStatementUrl: 'https://form.agid.gov.it/',
  privacyNotice: [
    'Titolare del trattamento è la Provincia di Brescia, Piazza Paolo VI 29, 25121 Brescia, che tratta i dati tramite il CIT – Centro Innovazione e Tecnologie. Il Responsabile della protezione dei dati è raggiungibile all’indirizzo indicato nella sezione Privacy del sito istituzionale della Provincia.',
    'Finalità e base giuridica: i dati dei referenti degli Enti e del personale del CIT sono trattati per gestire le richieste di assistenza, l’attivazione e la cessazione dei servizi e i relativi addebiti, in esecuzione della Convenzione tra la Provincia e gli Enti aderenti e per l’esecuzione di compiti di interesse pubblico (art. 6, par. 1, lett. c ed e, GDPR).',
    'Dati trattati: nome, indirizzo e-mail, telefono, Ente di appartenenza, codice fiscale quando serve a verificare la firma dei moduli, il contenuto delle richieste e degli allegati, i dati tecnici di accesso (indirizzo IP, data e ora).',
    'Conservazione: ticket e richieste per il tempo previsto dalle regole di conservazione degli atti della Provincia; i documenti d’identità allegati ai moduli firmati a mano sono cancellati dopo 12 mesi dall’approvazione; i moduli firmati sono conservati per la durata del servizio e per i 10 anni successivi.',
    'Destinatari: il personale autorizzato del CIT, i fornitori che svolgono l’assistenza tecnica come responsabili del trattamento, gli uffici contabili della Provincia per gli addebiti. I dati non sono trasferiti fuori dall’Unione europea.',
    'Diritti: l’interessato può chiedere l’accesso ai propri dati, la rettifica, la cancellazione nei limiti di legge, la limitazione e l’opposizione al trattamento, scrivendo al CIT; può proporre reclamo al Garante per la protezione dei dati personali (www.garanteprivacy.it).',
  ],
  legalNotes: [
    'I contenuti di questo servizio sono pubblicati dalla Provincia di Brescia – CIT Centro Innovazione e Tecnologie. Salvo diversa indicazione, i testi sono rilasciati con licenza Creative Commons Attribuzione 4.0 (CC BY 4.0).',
    'Il servizio è riservato agli Enti aderenti alla Convenzione per la gestione associata dei servizi informatici e al personale del CIT; l’accesso è personale e le credenziali non vanno cedute.',
    'La Provincia non risponde di danni derivanti dall’uso improprio del servizio o da interruzioni dovute a cause di forza maggiore; le interruzioni programmate sono annunciate in anticipo.',
  ],
  contacts: {
    office: 'CIT – Centro Innovazione e Tecnologie, Provincia di Brescia',
    address: 'Piazza Paolo VI 29, 25121 Brescia',
    email: 'citservizi@provincia.brescia.it',
    pec: 'protocollo@pec.provincia.bs.it',
    phone: '030 3748534',
    hours: 'dal lunedì al giovedì 9–12 e 14–16; venerdì 9–12.30',
  },
};
