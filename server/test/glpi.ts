import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';

/**
 * A GLPI-shaped MariaDB database for the MoOne import tests: the DDL of the tables the import reads (GLPI's names
 * and types, in glpi-schema.sql) and a generator of realistic data.
 */

export const MARIADB_ADMIN_URL = process.env.TEST_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306';

/** The DDL, shared with the bench: server/test/glpi-schema.sql. */
export const GLPI_DDL = readFileSync(path.join(__dirname, 'glpi-schema.sql'), 'utf8')
  .replace(/^--.*$/gm, '')
  .split(';')
  .map((s) => s.trim())
  .filter(Boolean);

export interface GlpiDb {
  name: string;
  url: string;
  conn: Connection;
  drop: () => Promise<void>;
}

/** A fresh database on the test MariaDB with the GLPI tables and the given version in glpi_configs. */
export async function createGlpiDatabase(name: string, version = '10.0.7'): Promise<GlpiDb> {
  const admin = await createConnection({ uri: MARIADB_ADMIN_URL, multipleStatements: false });
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const url = `${MARIADB_ADMIN_URL}/${name}`;
  const conn = await createConnection({ uri: url, charset: 'utf8mb4', dateStrings: true });
  // GLPI writes its wall-clock time; the session's zone must not shift what the generator writes.
  await conn.query(`SET time_zone = '+00:00'`);
  for (const ddl of GLPI_DDL) await conn.query(ddl);
  await conn.query(`INSERT INTO glpi_configs (context, name, value) VALUES ('core', 'version', ?)`, [version]);
  return {
    name,
    url,
    conn,
    drop: async () => {
      await conn.end();
      const a = await createConnection({ uri: MARIADB_ADMIN_URL });
      await a.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await a.end();
    },
  };
}

export interface GeneratedGlpi {
  tickets: number;
  /** Tickets whose entity matches an Ente (the others must be skipped); documents counted on those only. */
  matchedTickets: number;
  followups: number;
  documentsOk: number;
  documentsBad: number;
}

export interface GenerateOptions {
  tickets: number;
  followupsPerTicket: number;
  /** Names of the product's Enti the entities should match (by name); two more entities match none. */
  enti: Array<{ name: string; fiscalCode: string }>;
  /** When set, documents are written there (one in five tickets has one; one document in four is broken). */
  documentsDir?: string;
  /** Rows per multi-row INSERT. */
  chunk?: number;
}

const PAD = (n: number) => String(n).padStart(2, '0');
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${PAD(d.getUTCMonth() + 1)}-${PAD(d.getUTCDate())} ${PAD(d.getUTCHours())}:${PAD(d.getUTCMinutes())}:${PAD(d.getUTCSeconds())}`;
};

/** HTML as GLPI stores it (entity-encoded markup), with accents and the odd script that must never survive. */
const BODIES = [
  '&lt;p&gt;Buongiorno, la casella PEC dell&#39;ufficio protocollo non riceve più messaggi da ieri.&lt;/p&gt;&lt;p&gt;Grazie, l&#39;Ufficio Anagrafe&lt;/p&gt;',
  '&lt;div&gt;Il servizio &lt;b&gt;Telemaco&lt;/b&gt; risponde «errore 500» — perché?&lt;br /&gt;Città: Coccaglio&lt;/div&gt;',
  '&lt;p&gt;Richiesta di rinnovo del certificato di firma per il Sindaco.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
  '&lt;ul&gt;&lt;li&gt;PC ufficio tecnico&lt;/li&gt;&lt;li&gt;stampante di rete&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;non si collegano più.&lt;/p&gt;',
  'Testo semplice senza markup: è già leggibile.',
];

/**
 * Realistic MoOne data: entities (most matching the given Enti, two matching none), users (one in ten without an
 * e-mail, some operators), tickets across every status including "Da testare" (7), deleted ones, broken references
 * (a requester that does not exist), follow-ups public and private, tasks, solutions, validations, satisfaction,
 * logs, contracts and documents (good ones, a wrong SHA-1, a missing file, a forbidden type).
 */
export async function generateGlpi(db: GlpiDb, o: GenerateOptions): Promise<GeneratedGlpi> {
  const chunk = o.chunk ?? 2000;
  const insert = async (table: string, cols: string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      await db.conn.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ?`, [part]);
    }
  };
  // Entities: 0 is GLPI's root (the CIT itself, no Ente); then one per Ente; then two with no match.
  const entities: unknown[][] = [[0, 'Entità radice', 0, 'Entità radice', null, null]];
  o.enti.forEach((e, i) => {
    // Half carry the codice fiscale in GLPI's fields, the others are matched by name ("Comune di X (BS)").
    const byCode = i % 2 === 0;
    entities.push([i + 1, byCode ? `COMUNE ${e.name.replace(/^Comune di /, '').toUpperCase()}` : `${e.name} (BS)`, 0, `Entità radice > ${e.name}`, byCode ? `C.F. ${e.fiscalCode}` : 'Ente convenzionato', null]);
  });
  const firstUnmatched = o.enti.length + 1;
  entities.push([firstUnmatched, 'Comune di Nessunluogo', 0, 'Entità radice > Comune di Nessunluogo', null, null]);
  entities.push([firstUnmatched + 1, 'Consorzio Fantasma', 0, 'Entità radice > Consorzio Fantasma', null, null]);
  await db.conn.query(`SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'`);
  await insert('glpi_entities', ['id', 'name', 'entities_id', 'completename', 'comment', 'registration_number'], entities);
  const entityCount = entities.length;

  // Users: 1–5 operators (staff), then Ente users; every tenth without an e-mail.
  const users: unknown[][] = [];
  const emails: unknown[][] = [];
  const userCount = Math.max(20, Math.min(2000, Math.ceil(o.tickets / 20)));
  for (let id = 1; id <= userCount; id++) {
    const staff = id <= 5;
    const entity = staff ? 0 : 1 + (id % Math.max(1, entityCount - 1));
    users.push([id, `utente${id}`, id % 7 === 0 ? 'Bianchi' : 'Rossi', id % 3 === 0 ? 'Niccolò' : 'Maria', entity, id === 6 ? 0 : 1]);
    if (id % 10 !== 0) emails.push([id, 1, staff ? `tecnico${id}@cit.example` : `utente${id}@ente${entity}.example`]);
  }
  await insert('glpi_users', ['id', 'name', 'realname', 'firstname', 'entities_id', 'is_active'], users);
  await insert('glpi_useremails', ['users_id', 'is_default', 'email'], emails);
  await insert('glpi_groups', ['id', 'name', 'completename'], [[1, 'Primo livello', 'Primo livello'], [2, 'Sistemisti', 'Sistemisti']]);
  await insert('glpi_suppliers', ['id', 'name'], [[1, 'Fornitore PEC di prova'], [2, 'Fornitore sconosciuto']]);
  await insert('glpi_itilcategories', ['id', 'name', 'completename'], [[1, 'PEC', 'Servizi > PEC'], [2, 'Firma digitale', 'Servizi > Firma digitale'], [3, 'Hardware', 'Assistenza > Hardware']]);
  await insert('glpi_requesttypes', ['id', 'name'], [[1, 'Helpdesk'], [2, 'E-Mail'], [3, 'Telefono']]);
  await insert('glpi_contracts', ['id', 'name', 'num', 'entities_id'], [[1, 'Convenzione CIT', '2021-2025', 0], [2, 'Assistenza PEC', 'PEC-01', 1], [3, 'Contratto scaduto', null, 2]]);

  const base = Date.UTC(2019, 0, 7, 8, 0, 0);
  const span = Date.UTC(2026, 10, 1) - base;
  const t: unknown[][] = [];
  const actors: unknown[][] = [];
  const groups: unknown[][] = [];
  const suppliers: unknown[][] = [];
  const followups: unknown[][] = [];
  const tasks: unknown[][] = [];
  const solutions: unknown[][] = [];
  const validations: unknown[][] = [];
  const satisfactions: unknown[][] = [];
  const logs: unknown[][] = [];
  const contracts: unknown[][] = [];
  const documents: unknown[][] = [];
  const docItems: unknown[][] = [];
  const files: Array<{ path: string; bytes: Buffer }> = [];
  let matchedTickets = 0;
  let followupCount = 0;
  let documentsOk = 0;
  let documentsBad = 0;
  let fid = 0;
  const FIRST = 50_000;
  const STATUSES = [6, 6, 6, 6, 6, 5, 1, 2, 3, 4, 7];
  for (let i = 0; i < o.tickets; i++) {
    const id = FIRST + i;
    const entity = 1 + (i % (entityCount - 1));
    if (entity < firstUnmatched) matchedTickets++;
    const status = STATUSES[i % STATUSES.length] as number;
    const opened = base + Math.floor((span * i) / Math.max(1, o.tickets));
    const solved = status >= 5 && status !== 7 ? opened + 86_400_000 : null;
    const closed = status === 6 ? opened + 3 * 86_400_000 : null;
    const requester = i % 50 === 0 ? 999_999 : 6 + (i % (userCount - 5)); // a broken reference now and then
    const tech = 1 + (i % 5);
    t.push([
      id, entity, i % 9 === 0 ? `Problema &lt;PEC&gt; n° ${i} – àèìòù` : `Richiesta ${i}: ${['PEC', 'firma digitale', 'Telemaco', 'rete'][i % 4]}`,
      stamp(opened), closed ? stamp(closed) : null, solved ? stamp(solved) : null, stamp(closed ?? solved ?? opened + 3_600_000), status,
      requester, 1 + (i % 3), BODIES[i % BODIES.length], 1 + (i % 5), 1 + (i % 2), 1 + (i % 3), i % 5 === 0 ? 3 : 1,
      stamp(opened + 3_600_000), stamp(opened + 4 * 3_600_000), status === 4 || status === 7 ? stamp(opened + 2 * 3_600_000) : null,
      status === 1 ? 0 : 1800, i % 97 === 0 ? 1 : 0,
    ]);
    actors.push([id, requester, 1]);
    if (status !== 1) actors.push([id, tech, 2]);
    if (i % 4 === 0) actors.push([id, 6 + ((i + 3) % (userCount - 5)), 3]);
    if (status !== 1) groups.push([id, 1 + (i % 2), 2]);
    if (i % 15 === 0) suppliers.push([id, 1 + (i % 2), 2]);
    for (let k = 0; k < o.followupsPerTicket; k++) {
      fid++;
      followupCount++;
      const isPrivate = k % 3 === 2 ? 1 : 0;
      followups.push([fid, 'Ticket', id, stamp(opened + (k + 1) * 600_000), k % 2 === 0 ? requester : tech, BODIES[(i + k) % BODIES.length], isPrivate, stamp(opened + (k + 1) * 600_000)]);
    }
    if (i % 3 === 0) tasks.push([id, stamp(opened + 1_800_000), tech, '&lt;p&gt;Verificata la configurazione del server di posta.&lt;/p&gt;', 1]);
    if (solved) {
      if (i % 11 === 0) solutions.push(['Ticket', id, 'Prima soluzione, rifiutata dall&#39;Ente.', stamp(solved - 3_600_000), tech, 4]);
      solutions.push(['Ticket', id, '&lt;p&gt;Risolto: &lt;i&gt;reimpostata la password della casella&lt;/i&gt;.&lt;/p&gt;', stamp(solved), tech, status === 6 ? 3 : 2]);
    }
    if (i % 5 === 0) validations.push([id, requester, 2, 'Si chiede approvazione', i % 10 === 0 ? 'Approvato' : 'Non di competenza', i % 10 === 0 ? 3 : i % 20 === 5 ? 2 : 4, stamp(opened + 600_000), stamp(opened + 7_200_000)]);
    if (closed && i % 6 === 0) satisfactions.push([id, stamp(closed), i % 12 === 0 ? null : stamp(closed + 3_600_000), i % 12 === 0 ? null : 1 + (i % 5), i % 12 === 0 ? null : 'Tutto bene, grazie è stato veloce']);
    logs.push(['Ticket', id, `Rossi Maria (${tech})`, stamp(opened + 3_600_000), 12, 0, '1', String(status === 1 ? 2 : status)]);
    if (i % 8 === 0) logs.push(['Ticket', id, 'cron_mailgate', stamp(opened + 60_000), 0, 17, null, 'Documento']);
    if (i % 10 === 0) contracts.push([id, 1 + (i % 3)]);
    if (o.documentsDir && i % 5 === 0) {
      const docId = documents.length + 1;
      const kind = docId % 4;
      const pdf = Buffer.from(`%PDF-1.4\n% Documento ${docId} del ticket ${id}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
      const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00 programma non ammesso');
      const bytes = kind === 3 ? exe : pdf;
      const sha1 = createHash('sha1').update(bytes).digest('hex');
      const filepath = `${kind === 3 ? 'EXE' : 'PDF'}/${sha1.slice(0, 2)}/${sha1}.${kind === 3 ? 'EXE' : 'PDF'}`;
      // 0, 1: good; 2: SHA-1 recorded wrong (file altered); 3: forbidden type. Every 8th good one is missing on disk.
      const recorded = kind === 2 ? '0'.repeat(40) : sha1;
      const missing = kind !== 2 && kind !== 3 && docId % 8 === 0;
      if (!missing) files.push({ path: filepath, bytes });
      // Documents of tickets whose Ente matches none are skipped with their ticket, not counted here.
      if (entity < firstUnmatched) {
        if (kind <= 1 && !missing) documentsOk++;
        else documentsBad++;
      }
      documents.push([docId, entity, `Modulo ${docId}`, `modulo richiesta ${docId}.${kind === 3 ? 'exe' : 'pdf'}`, filepath, kind === 3 ? 'application/x-msdownload' : 'application/pdf', recorded, 0, stamp(opened)]);
      docItems.push([docId, k0(docId) ? 'Ticket' : 'ITILFollowup', k0(docId) ? id : fid, stamp(opened)]);
    }
  }
  function k0(docId: number) {
    return docId % 2 === 0 || o.followupsPerTicket === 0;
  }
  await insert(
    'glpi_tickets',
    ['id', 'entities_id', 'name', 'date', 'closedate', 'solvedate', 'date_mod', 'status', 'users_id_recipient', 'requesttypes_id', 'content', 'urgency', 'type',
      'itilcategories_id', 'global_validation', 'time_to_own', 'time_to_resolve', 'begin_waiting_date', 'takeintoaccount_delay_stat', 'is_deleted'],
    t,
  );
  await insert('glpi_tickets_users', ['tickets_id', 'users_id', 'type'], actors);
  await insert('glpi_groups_tickets', ['tickets_id', 'groups_id', 'type'], groups);
  await insert('glpi_suppliers_tickets', ['tickets_id', 'suppliers_id', 'type'], suppliers);
  await insert('glpi_itilfollowups', ['id', 'itemtype', 'items_id', 'date', 'users_id', 'content', 'is_private', 'date_mod'], followups);
  await insert('glpi_tickettasks', ['tickets_id', 'date', 'users_id', 'content', 'is_private'], tasks);
  await insert('glpi_itilsolutions', ['itemtype', 'items_id', 'content', 'date_creation', 'users_id', 'status'], solutions);
  await insert('glpi_ticketvalidations', ['tickets_id', 'users_id', 'users_id_validate', 'comment_submission', 'comment_validation', 'status', 'submission_date', 'validation_date'], validations);
  await insert('glpi_ticketsatisfactions', ['tickets_id', 'date_begin', 'date_answered', 'satisfaction', 'comment'], satisfactions);
  await insert('glpi_logs', ['itemtype', 'items_id', 'user_name', 'date_mod', 'id_search_option', 'linked_action', 'old_value', 'new_value'], logs);
  await insert('glpi_tickets_contracts', ['tickets_id', 'contracts_id'], contracts);
  await insert('glpi_documents', ['id', 'entities_id', 'name', 'filename', 'filepath', 'mime', 'sha1sum', 'is_deleted', 'date_mod'], documents);
  await insert('glpi_documents_items', ['documents_id', 'itemtype', 'items_id', 'date_creation'], docItems);
  if (o.documentsDir) {
    for (const f of files) {
      const full = path.join(o.documentsDir, f.path);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, f.bytes);
    }
  }
  return { tickets: o.tickets, matchedTickets, followups: followupCount, documentsOk, documentsBad };
}
