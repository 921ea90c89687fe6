// Set-based seeding of tickets and follow-ups, shared by bench/tickets-list.mjs and bench/national.mjs.
//
// seedTickets(db, n, options) draws N tickets over the Enti (weighted by population, residents^0.6) with realistic
// status, urgency, date, SLA and follow-up distributions, all with INSERT … SELECT FROM generate_series (never ORM
// inserts). Schema: migrations/src/*.ts.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

// The product's own rebuild of the report rollups (compiled by `tsc -b`, which every bench script runs first).
const { REPORT_ROLLUPS_REBUILD } = createRequire(import.meta.url)('../../server/dist/reports/report-rollups.repository.js');

/** The app's "no running clock" due instant (new Date(8640000000000000)). */
export const NO_DUE = '275760-09-13T00:00:00Z';
/** Support minutes → wall-clock minutes (about 9 support hours a day, 5 days a week). */
export const WALL_FACTOR = 3.5;

export const TITLES = [
  'La stampante di rete non stampa',
  'Stampante multifunzione: la scansione verso e-mail non funziona',
  'Stampante della polizia locale inceppata',
  'Casella PEC piena, impossibile ricevere messaggi',
  'PEC: le ricevute di consegna non arrivano',
  'Migrazione della casella PEC al nuovo gestore',
  'Rinnovo del certificato di firma digitale',
  'Firma digitale: il dispositivo non viene riconosciuto',
  'Firma digitale remota: OTP non ricevuto',
  'Certificato SSL del sito istituzionale in scadenza',
  'Certificato di firma scaduto sul gestionale paghe',
  'Protocollo informatico: errore in fase di registrazione',
  'Protocollo: assegnazione ai settori non visibile',
  'Anagrafe: ANPR non raggiungibile',
  'Anagrafe: cambio di residenza bloccato',
  'Emissione della CIE bloccata',
  'pagoPA: avvisi di pagamento non generati',
  'pagoPA: riconciliazione dei pagamenti non riuscita',
  'Attivazione casella di posta elettronica per nuovo dipendente',
  'Disattivazione utenza di un dipendente cessato',
  'Richiesta di accesso VPN',
  'Password scaduta per il gestionale di contabilità',
  'Albo pretorio online non aggiorna le pubblicazioni',
  'Sito web: modifica della pagina Amministrazione trasparente',
  'SPID: errore di accesso ai servizi online',
  'Conservazione documentale: pacchetti di versamento rifiutati',
  "PC dell'ufficio tecnico molto lento",
  'Rete Wi-Fi della biblioteca non funziona',
  'Backup del server non eseguito',
  "L'antivirus segnala una minaccia",
  'Centralino VoIP: telefoni non registrati',
  'Stato civile: errore nella stampa dei certificati',
  'Tributi: importazione dei versamenti IMU',
  'Servizi demografici: estrazione delle liste elettorali',
  'Fatturazione elettronica: fatture scartate dallo SdI',
  'Casella di posta istituzionale invasa dallo spam',
  'Richiesta di una nuova licenza Office',
  "Lo scanner dell'ufficio protocollo non acquisisce",
  'App IO: servizi non pubblicati',
  'Portale SUAP: pratiche non protocollate',
];
const OFFICES = [
  'ufficio anagrafe', 'ufficio tecnico', 'ragioneria', 'segreteria', 'polizia locale', 'biblioteca',
  'servizi sociali', 'ufficio tributi', 'ufficio protocollo', 'stato civile', 'ufficio del sindaco',
];
const OPENINGS = [
  'Buongiorno, vi segnalo che',
  'Gentili colleghi del CIT,',
  'Come da telefonata di stamattina,',
  'Si richiede cortesemente assistenza perché',
  'Salve, da ieri pomeriggio',
  'Con la presente si comunica che',
];
const DETAILS = [
  'la coda di stampa del piano terra restituisce un errore di spooler e i documenti restano bloccati.',
  'la casella PEC istituzionale ha superato la quota e i messaggi vengono respinti.',
  'il certificato di firma digitale del responsabile del servizio risulta scaduto.',
  'il registro di protocollo non consente di registrare la posta in arrivo.',
  "l'anagrafe non riesce a collegarsi ad ANPR per le variazioni di residenza.",
  'gli avvisi pagoPA per la mensa scolastica non vengono generati dal portale.',
  "il collega appena assunto non ha ancora un'utenza di posta elettronica né l'accesso al gestionale.",
  'il token di firma digitale non viene riconosciuto dal computer dopo l’aggiornamento di Windows.',
  'la scansione verso cartella condivisa si interrompe a metà documento.',
  'la conservazione sostitutiva rifiuta i pacchetti con un errore sul formato dei metadati.',
  'il sito istituzionale mostra un avviso di certificato non valido.',
  'i cittadini non riescono ad accedere con SPID ai servizi online dello sportello telematico.',
  'le fatture elettroniche passive non vengono importate in contabilità.',
  'la rete Wi-Fi della sala consiliare cade ogni pochi minuti.',
  'il backup notturno del server documentale termina con errori.',
];
const CLOSINGS = [
  'Restiamo in attesa di un vostro riscontro. Grazie.',
  'È piuttosto urgente perché blocca lo sportello al pubblico.',
  'Allego la schermata con il messaggio di errore.',
  'Il problema si ripete su più postazioni.',
  'Potete contattarmi al numero interno 214.',
  'Cordiali saluti.',
];
const FOLLOWUPS = [
  'Abbiamo preso in carico la richiesta, vi ricontattiamo a breve.',
  'Potete indicarci il modello del dispositivo e il messaggio di errore esatto?',
  'La casella PEC è stata ampliata, verificate se ora ricevete i messaggi.',
  'Il nuovo certificato di firma è stato emesso: seguite le istruzioni ricevute per e-mail.',
  'Il problema persiste anche dopo il riavvio del computer.',
  'Abbiamo aperto una segnalazione al fornitore, attendiamo risposta.',
  'Confermo che ora funziona, grazie per il supporto.',
  'Intervento programmato in sede per la prossima settimana.',
  'Il protocollo è stato riallineato, riprovate la registrazione.',
  'Nota interna: verificare la licenza prima di procedere.',
  'Il pagamento pagoPA risulta ora riconciliato.',
  'Vi chiediamo di inviare la delibera di attivazione del servizio.',
];
const SOLUTIONS = [
  'Reinstallato il driver della stampante e svuotata la coda di stampa.',
  'Ampliato lo spazio della casella PEC e archiviati i messaggi più vecchi.',
  'Rinnovato il certificato di firma digitale.',
  'Ripristinato il collegamento con ANPR dopo il cambio del certificato client.',
  'Rigenerati gli avvisi pagoPA dal portale del fornitore.',
  'Creata la nuova utenza e consegnate le credenziali al referente.',
  'Corretta la configurazione del gestionale di protocollo.',
  'Sostituito il dispositivo guasto.',
];
const PENDING_REASONS = [
  "In attesa di risposta dall'Ente",
  'In attesa del fornitore',
  "In attesa della delibera di adesione",
  'In attesa del sopralluogo concordato',
];
const SERVICE_CODES = ['pec', 'firma_digitale', 'pagopa', 'posta_elettronica', 'protocollo', 'sito_web', 'conservazione', 'spid', 'vpn'];
const GROUPS = ['primo_livello', 'primo_livello', 'primo_livello', 'sistemisti', 'applicativi', 'applicativi', 'amministrazione'];

/**
 * Adds one referent per Ente and eleven more operators (unless `referents: false`: the caller has made the users,
 * and every Ente has at least one in user_enti), then N tickets and ~1.5 follow-ups each, all set-based; tickets per
 * Ente grow with the 2025 population. `slots`: size of the weighted draw table (more Enti want more slots).
 * `beforeVacuum`: called (with `step`) after the inserts and before the final VACUUM (ANALYZE), e.g. to rebuild indexes.
 */
export async function seedTickets(db, n, { referents = true, slots: slotTotal = 20_000, beforeVacuum } = {}) {
  const step = async (label, sql, params) => {
    const t0 = performance.now();
    const res = await db.query(sql, params);
    console.log(`  ${label.padEnd(46)} ${((performance.now() - t0) / 1000).toFixed(1)} s${res.rowCount !== null && res.command !== 'SELECT' ? ` (${res.rowCount} righe)` : ''}`);
    return res;
  };
  const rand = (arr, r) => `(${arr}::text[])[1 + floor(${r} * cardinality(${arr}::text[]))::int]`;
  await db.query(`SET synchronous_commit = off`);
  await db.query(`SET work_mem = '64MB'`);
  await db.query(`SET maintenance_work_mem = '256MB'`);
  await db.query(`SELECT setseed(0.4242)`);

  if (referents) await step(
    'utenti: referenti per Ente e operatori',
    `WITH ops AS (
       INSERT INTO users (email, name, role)
       SELECT 'bench.operatore' || i || '@cit.example', 'Operatore Bench ' || i, 'operator' FROM generate_series(1, 11) i
       RETURNING id),
     refs AS (
       INSERT INTO users (email, name, role)
       SELECT 'bench.referente.' || e.fiscal_code || '@enti.example', 'Referente ' || e.name, 'ente_user' FROM enti e
       RETURNING id, email)
     INSERT INTO user_enti (user_id, ente_id)
     SELECT r.id, e.id FROM refs r JOIN enti e ON r.email = 'bench.referente.' || e.fiscal_code || '@enti.example'`,
  );
  // Tickets per Ente grow with population (residents^0.6, at least 3,000): Brescia gets ~12× a small Comune.
  await step(
    'distribuzione per Ente',
    `CREATE TEMP TABLE bench_slots AS
     WITH w AS (
       SELECT e.id, power(greatest(coalesce(p.residents, 0), 3000), 0.6) AS w
       FROM enti e LEFT JOIN ente_population p ON p.ente_id = e.id AND p.as_of_year = 2025),
     s AS (SELECT id, greatest(1, round(w / sum(w) OVER () * $1::int))::int AS n FROM w)
     SELECT (row_number() OVER (ORDER BY s.id) - 1)::int AS slot, s.id AS ente_id,
            (SELECT array_agg(ue.user_id ORDER BY ue.user_id) FROM user_enti ue WHERE ue.ente_id = s.id) AS requesters
     FROM s, generate_series(1, s.n)`,
    [slotTotal],
  );
  await db.query(`CREATE INDEX ON bench_slots (slot)`);
  const {
    rows: [{ slots }],
  } = await db.query(`SELECT count(*)::int AS slots FROM bench_slots`);

  await step(
    'estrazioni casuali',
    `CREATE TEMP TABLE bench_g AS
     SELECT i, gen_random_uuid() AS id,
       random() AS r_ente, random() AS r_req, random() AS r_status, random() AS r_urg, random() AS r_age,
       random() AS r_a, random() AS r_b, random() AS r_c, random() AS r_kind, random() AS r_cat, random() AS r_svc,
       random() AS r_svc2, random() AS r_title, random() AS r_off, random() AS r_d1, random() AS r_d2, random() AS r_d3,
       random() AS r_op, random() AS r_grp, random() AS r_sup, random() AS r_fu, random() AS r_open, random() AS r_sol
     FROM generate_series(1, $1::int) i`,
    [n],
  );
  // Status mix: closed 70 %, solved 8 %, new 5 %, assigned 8 %, planned 3 %, pending 4 %, deleted 2 %.
  // Urgency: blocking 2 %, high 10 %, medium 40 %, low 38 %, very low 10 %.
  await step(
    'stato, urgenza, SLA',
    `CREATE TEMP TABLE bench_s AS
     SELECT g.*, s.ente_id, s.requesters, st.take_charge_minutes AS tc, st.resolve_minutes AS rm,
       interval '1 minute' * st.take_charge_minutes * $2::float8 AS tcw,
       interval '1 minute' * st.resolve_minutes * $2::float8 AS rmw,
       now() AS now0, x.status, x.urgency
     FROM bench_g g
     JOIN bench_slots s ON s.slot = floor(g.r_ente * $1::int)::int
     CROSS JOIN LATERAL (SELECT
       CASE WHEN g.r_status < .70 THEN 'closed' WHEN g.r_status < .78 THEN 'solved' WHEN g.r_status < .83 THEN 'new'
            WHEN g.r_status < .91 THEN 'assigned' WHEN g.r_status < .94 THEN 'planned' WHEN g.r_status < .98 THEN 'pending'
            ELSE 'deleted' END AS status,
       CASE WHEN g.r_urg < .02 THEN 'blocking' WHEN g.r_urg < .12 THEN 'high' WHEN g.r_urg < .52 THEN 'medium'
            WHEN g.r_urg < .90 THEN 'low' ELSE 'very_low' END AS urgency) x
     JOIN sla_targets st ON st.urgency = x.urgency`,
    [slots, WALL_FACTOR],
  );
  // Dates: closed over the last two years; solved in the last week; running ones inside (or just past) their SLA window.
  await step(
    'date',
    `CREATE TEMP TABLE bench_d AS
     SELECT s.*, c.created_at,
       CASE WHEN s.status IN ('solved', 'closed') THEN c.created_at + s.r_b * s.rmw * 1.1 END AS solved_at
     FROM bench_s s CROSS JOIN LATERAL (SELECT CASE s.status
       WHEN 'closed'  THEN s.now0 - interval '20 days' - s.r_age * interval '710 days'
       WHEN 'deleted' THEN s.now0 - s.r_age * interval '730 days'
       WHEN 'solved'  THEN s.now0 - s.r_age * interval '6 days' - s.r_b * s.rmw * 1.1
       WHEN 'new'     THEN s.now0 - s.r_b * s.tcw * 1.25
       WHEN 'pending' THEN s.now0 - interval '1 hour' - s.r_age * interval '30 days'
       ELSE s.now0 - s.r_b * s.rmw * 1.25 END AS created_at) c`,
  );
  await step(
    'orologi SLA',
    `CREATE TEMP TABLE bench_c AS
     SELECT d.*, k.taken_at,
       CASE WHEN d.status = 'deleted' THEN NULL ELSE d.created_at + d.tcw END AS take_charge_due,
       CASE WHEN d.status IN ('new', 'assigned', 'planned') THEN d.created_at + d.rmw END AS resolve_due,
       CASE WHEN d.status = 'deleted' THEN floor(d.tc * d.r_c)::int END AS take_charge_remaining,
       CASE WHEN d.status IN ('new', 'assigned', 'planned') THEN NULL
            WHEN d.status IN ('solved', 'closed')
              THEN greatest(0, floor(extract(epoch FROM (d.created_at + d.rmw - d.solved_at)) / 60 / $1::float8))::int
            ELSE greatest(1, floor(d.rm * d.r_c))::int END AS resolve_remaining,
       CASE WHEN d.status = 'closed' THEN d.solved_at + interval '1 day' + d.r_c * interval '6 days' END AS closed_at,
       CASE WHEN d.status = 'deleted' THEN least(d.now0, d.created_at + d.r_a * interval '2 days') END AS deleted_at
     FROM bench_d d CROSS JOIN LATERAL (SELECT CASE WHEN d.status IN ('new', 'deleted') THEN NULL ELSE
       least(d.created_at + d.r_a * d.tcw * 1.05,
             d.created_at + (coalesce(d.solved_at, d.now0) - d.created_at) * 0.9) END AS taken_at) k`,
    [WALL_FACTOR],
  );
  // The per-Ente status counts and the report rollups are rebuilt once below: the statement triggers would stage
  // every seeded row (the rollups' one in an array of facts).
  await db.query(`ALTER TABLE tickets DISABLE TRIGGER ticket_status_counts_insert`);
  await db.query(`ALTER TABLE tickets DISABLE TRIGGER report_rollups_insert`);
  await step(
    'ticket (INSERT … SELECT)',
    `INSERT INTO tickets (id, protocol_year, protocol_number, ente_id, requester_id, opened_by_id, type, category, service_code,
       urgency, title, description, status, return_status, assignee_id, support_group, supplier_id, planned_for, pending_reason,
       solution, take_charge_minutes, resolve_minutes, take_charge_due, resolve_due, take_charge_remaining, resolve_remaining,
       taken_at, solved_at, closed_at, deleted_at, sla_state, queue_due, labels, created_at, updated_at)
     WITH ops AS (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE role = 'operator'),
     sup AS (SELECT array_agg(id ORDER BY name) AS ids FROM suppliers),
     t AS (
       SELECT c.*,
         extract(year FROM c.created_at AT TIME ZONE 'Europe/Rome')::smallint AS py,
         CASE WHEN c.r_kind < .6 THEN 'incident' ELSE 'request' END AS type,
         CASE WHEN c.r_kind < .6 OR c.r_cat < .3 THEN 'assistance' WHEN c.r_cat < .85 THEN 'activation' ELSE 'cancellation' END AS category,
         c.requesters[1 + floor(c.r_req * cardinality(c.requesters))::int] AS requester,
         ops.ids[1 + floor(c.r_op * cardinality(ops.ids))::int] AS operator,
         sup.ids[1 + floor(c.r_sup * 10 * cardinality(sup.ids))::int] AS supplier
       FROM bench_c c, ops, sup),
     -- The demo seed's own tickets (its requests of 2023-2026) keep their numbers: the bench's come after them.
     taken AS (SELECT protocol_year AS y, max(protocol_number) AS n FROM tickets GROUP BY protocol_year)
     SELECT t.id, t.py, row_number() OVER (PARTITION BY t.py ORDER BY t.created_at, t.i)::int + coalesce(taken.n, 0),
       t.ente_id, t.requester, CASE WHEN t.r_open < .15 THEN t.operator ELSE t.requester END,
       t.type, t.category,
       CASE WHEN t.category <> 'assistance' OR t.r_svc < .5 THEN ${rand('$1', 't.r_svc2')} END,
       t.urgency,
       ${rand('$2', 't.r_title')} || ' (' || ${rand('$3', 't.r_off')} || ')',
       ${rand('$4', 't.r_d1')} || ' ' || ${rand('$5', 't.r_d2')} || ' ' || ${rand('$6', 't.r_d3')},
       t.status, CASE WHEN t.status = 'deleted' THEN 'new' END,
       CASE WHEN t.status NOT IN ('new', 'deleted') THEN t.operator END,
       CASE WHEN t.status NOT IN ('new', 'deleted') THEN ${rand('$7', 't.r_grp')} END,
       CASE WHEN t.status NOT IN ('new', 'deleted') THEN t.supplier END,
       CASE WHEN t.status = 'planned' THEN t.now0 + interval '1 hour' + t.r_c * interval '20 days' END,
       CASE WHEN t.status = 'pending' THEN ${rand('$8', 't.r_sol')} END,
       CASE WHEN t.status IN ('solved', 'closed') THEN ${rand('$9', 't.r_sol')} END,
       t.tc, t.rm, t.take_charge_due, t.resolve_due, t.take_charge_remaining, t.resolve_remaining,
       t.taken_at, t.solved_at, t.closed_at, t.deleted_at,
       CASE
         WHEN t.status IN ('pending', 'deleted') THEN 'paused'
         WHEN t.status IN ('solved', 'closed') THEN
           CASE WHEN t.taken_at > t.take_charge_due OR t.resolve_remaining = 0 THEN 'breached' ELSE 'met' END
         WHEN t.status = 'new' THEN
           CASE WHEN t.now0 >= t.take_charge_due THEN 'breached' WHEN t.now0 - t.created_at >= t.tcw * 0.8 THEN 'at_risk' ELSE 'ok' END
         ELSE
           CASE WHEN t.taken_at > t.take_charge_due OR t.now0 >= t.resolve_due THEN 'breached'
                WHEN t.now0 - t.created_at >= t.rmw * 0.8 THEN 'at_risk' ELSE 'ok' END
       END,
       CASE WHEN t.status = 'new' THEN least(t.take_charge_due, t.resolve_due)
            WHEN t.status IN ('assigned', 'planned') THEN t.resolve_due
            ELSE $10::timestamptz END,
       -- A few labels, as routing rules add them: 2.5 % "rete", 1 % "da-richiamare" (the queue's label filter).
       CASE WHEN t.i % 40 = 0 THEN ARRAY['rete'] WHEN t.i % 97 = 0 THEN ARRAY['da-richiamare'] ELSE '{}'::text[] END,
       t.created_at,
       greatest(t.created_at, t.taken_at, t.solved_at, t.closed_at, t.deleted_at)
     FROM t LEFT JOIN taken ON taken.y = t.py`,
    [SERVICE_CODES, TITLES, OFFICES, OPENINGS, DETAILS, CLOSINGS, GROUPS, PENDING_REASONS, SOLUTIONS, NO_DUE],
  );
  // 0–3 follow-ups per ticket (1.5 on average), alternating requester and operator; a fifth of the operators' are private.
  await step(
    'note (follow-up)',
    `INSERT INTO ticket_followups (ticket_id, author_id, body, is_private, created_at)
     SELECT t.id,
       CASE WHEN k % 2 = 0 THEN coalesce(t.assignee_id, t.opened_by_id) ELSE t.requester_id END,
       ${rand('$1', 'random()')},
       k % 2 = 0 AND random() < .2,
       t.created_at + (coalesce(t.solved_at, t.deleted_at, c.now0) - t.created_at) * (k::float8 / (c.n_fu + 1))
     FROM (SELECT id, now0, floor(r_fu * 4)::int AS n_fu FROM bench_c) c
     JOIN tickets t ON t.id = c.id
     CROSS JOIN LATERAL generate_series(1, c.n_fu) k`,
    [FOLLOWUPS],
  );
  await step(
    'contatori di protocollo',
    `INSERT INTO ticket_protocol_counters (year, last)
     SELECT protocol_year, max(protocol_number) FROM tickets GROUP BY protocol_year
     ON CONFLICT (year) DO UPDATE SET last = greatest(ticket_protocol_counters.last, excluded.last)`,
  );
  await db.query(`ALTER TABLE tickets ENABLE TRIGGER ticket_status_counts_insert`);
  await db.query(`ALTER TABLE tickets ENABLE TRIGGER report_rollups_insert`);
  // As `npm run reports:rebuild` does it (its statements), in one transaction.
  await db.query('BEGIN');
  for (const [i, sql] of REPORT_ROLLUPS_REBUILD.entries()) await step(`rollup dei report (${i + 1}/${REPORT_ROLLUPS_REBUILD.length})`, sql);
  await db.query('COMMIT');
  await step(
    'conteggi per Ente e stato',
    `INSERT INTO ticket_status_counts (ente_id, status, n) SELECT ente_id, status, count(*) FROM tickets GROUP BY 1, 2
     ON CONFLICT (ente_id, status) DO UPDATE SET n = excluded.n`,
  );
  await db.query(`DELETE FROM ticket_status_totals`);
  await step('totali per stato', `INSERT INTO ticket_status_totals (shard, status, n) SELECT 0, status, sum(n) FROM ticket_status_counts GROUP BY status`);
  await db.query(`DROP TABLE bench_c, bench_d, bench_s, bench_g, bench_slots`);
  if (beforeVacuum) await beforeVacuum(step);
  // VACUUM as well as ANALYZE: autovacuum would have set the visibility map on a table of this age.
  await step('VACUUM (ANALYZE)', `VACUUM (ANALYZE)`);
}

