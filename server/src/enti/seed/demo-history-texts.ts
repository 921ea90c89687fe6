import type { SlaTarget, Urgency } from '@cit/shared';
import { DEMO_ACTIVATIONS, type PlannedTicket } from './demo-history-plan';

/** The product's default SLA targets (migration `Tickets`), which a first `npm start` has. */
export const DEMO_SLA: Record<Urgency, SlaTarget> = {
  blocking: { takeChargeMinutes: 60, resolveMinutes: 240 },
  high: { takeChargeMinutes: 120, resolveMinutes: 420 },
  medium: { takeChargeMinutes: 240, resolveMinutes: 840 },
  low: { takeChargeMinutes: 420, resolveMinutes: 2100 },
  very_low: { takeChargeMinutes: 840, resolveMinutes: 4200 },
};

interface Story {
  title: string;
  description: string;
  solution: string;
  pendingReason: string;
  followups: string[];
}

/** What Enti actually write to the CIT help-desk (A5.2): signatures, PEC, Wi-Fi, pagoPA, Telemaco, the website. */
const ASSISTANCE: readonly Story[] = [
  {
    title: 'Rinnovo firma digitale in scadenza',
    description: 'Il certificato di firma del Segretario comunale scade a fine mese: come procediamo con il rinnovo?',
    solution: 'Rinnovo eseguito da remoto; il nuovo certificato è valido tre anni.',
    pendingReason: 'In attesa del documento d’identità del titolare.',
    followups: ['Ci servono il documento d’identità e il codice fiscale del titolare.', 'Inviati in allegato, grazie.', 'Rinnovo programmato per domani mattina.', 'Confermiamo, il certificato risulta rinnovato.'],
  },
  {
    title: 'Casella PEC piena: non riceviamo più messaggi',
    description: 'Da ieri la PEC del protocollo rifiuta i messaggi in arrivo per spazio esaurito.',
    solution: 'Spazio ampliato e archiviazione dei messaggi più vecchi di due anni attivata.',
    pendingReason: 'In attesa dell’autorizzazione all’archiviazione dei messaggi.',
    followups: ['Possiamo archiviare i messaggi più vecchi di due anni?', 'Sì, procedete pure.', 'Archiviazione completata, la casella riceve di nuovo.', 'Tutto funziona, grazie.'],
  },
  {
    title: 'Access point della biblioteca non distribuisce la rete',
    description: 'L’access point della biblioteca civica è acceso ma la rete pubblica non compare.',
    solution: 'Access point riconfigurato e firmware aggiornato dal fornitore.',
    pendingReason: 'In attesa del sopralluogo del fornitore.',
    followups: ['Potete verificare che sia collegato alla presa di rete corretta?', 'Collegato, la spia è verde.', 'Il fornitore interviene giovedì.', 'La rete è tornata visibile.'],
  },
  {
    title: 'Errore nel pagamento pagoPA della mensa scolastica',
    description: 'Alcuni genitori segnalano che l’avviso pagoPA della mensa risulta già pagato ma non è stato saldato.',
    solution: 'Allineata la posizione debitoria con l’intermediario; gli avvisi sono di nuovo pagabili.',
    pendingReason: 'In attesa dei codici IUV degli avvisi segnalati.',
    followups: ['Ci inviate i codici IUV degli avvisi?', 'Ecco l’elenco dei codici.', 'Segnalato all’intermediario tecnologico.', 'Gli avvisi ora risultano pagabili.'],
  },
  {
    title: 'Consultazioni Telemaco esaurite',
    description: 'L’ufficio commercio non riesce più a consultare Telemaco: risultano esaurite le consultazioni dell’anno.',
    solution: 'Soglia annuale ampliata; le consultazioni oltre la soglia sono addebitate a consumo.',
    pendingReason: 'In attesa della conferma dell’addebito delle consultazioni extra.',
    followups: ['Le consultazioni oltre la soglia costano € 0,70 l’una: confermate?', 'Confermiamo.', 'Soglia ampliata.', 'Grazie, funziona.'],
  },
  {
    title: 'Sito istituzionale: pagina Amministrazione trasparente non aggiornata',
    description: 'Le delibere pubblicate ieri non compaiono nella sezione Amministrazione trasparente.',
    solution: 'Ripristinata la sincronizzazione con l’albo pretorio.',
    pendingReason: 'In attesa delle credenziali dell’albo pretorio.',
    followups: ['Da quando non compaiono?', 'Dall’ultima pubblicazione di lunedì.', 'Sincronizzazione ripristinata.', 'Ora le vediamo, grazie.'],
  },
  {
    title: 'SPID: il cittadino non riesce ad accedere ai servizi online',
    description: 'Un cittadino segnala un errore dopo l’autenticazione SPID sul portale dei servizi.',
    solution: 'Metadati SPID aggiornati sul portale; l’accesso funziona.',
    pendingReason: 'In attesa dello screenshot dell’errore.',
    followups: ['Ci mandate lo screenshot dell’errore?', 'In allegato.', 'Metadati scaduti: li aggiorniamo.', 'Confermiamo che funziona.'],
  },
  {
    title: 'Richiesta di formazione sulla conservazione digitale',
    description: 'Vorremmo organizzare due ore di formazione per i nuovi colleghi del protocollo.',
    solution: 'Formazione svolta online; le slide sono nella cartella condivisa.',
    pendingReason: 'In attesa delle date disponibili dei colleghi.',
    followups: ['Quali date preferite?', 'Martedì o giovedì pomeriggio.', 'Fissato giovedì alle 14:30.', 'Grazie, è stata utile.'],
  },
];

const ACTIVATION_FOLLOWUPS = ['Modulo ricevuto, lo inoltriamo all’approvazione.', 'Grazie, restiamo in attesa.', 'Richiesta approvata, il servizio è attivo.', 'Perfetto, grazie.'];

export function ticketTexts(t: PlannedTicket, enteName: string): Story {
  if (t.activation !== null) {
    const a = DEMO_ACTIVATIONS[t.activation]!;
    return {
      title: a.title,
      description: `Con il modulo firmato in allegato il ${enteName} chiede: ${a.title.charAt(0).toLowerCase()}${a.title.slice(1)}.`,
      solution: 'Servizio attivato.',
      pendingReason: 'In attesa del modulo firmato digitalmente.',
      followups: ACTIVATION_FOLLOWUPS,
    };
  }
  return ASSISTANCE[Math.floor(t.textRoll * ASSISTANCE.length) % ASSISTANCE.length]!;
}
