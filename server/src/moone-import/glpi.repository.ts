import type { Connection as CoreConnection } from 'mysql2';
import { createPool, type Pool, type RowDataPacket } from 'mysql2/promise';
import type { Readable } from 'node:stream';

/**
 * Every read of MoOne's GLPI database (schema of GLPI 9.4–10.0, see install/mysql/glpi-*-empty.sql upstream).
 * Read-only: the session is put in READ ONLY mode, so not even a bug here can write to MoOne. Dates are read as
 * the strings GLPI wrote (its server's wall-clock time) and converted by mapping.romeDate.
 */

export interface GlpiEntity {
  id: number;
  name: string;
  completename: string | null;
  comment: string | null;
  registration_number: string | null;
}

export interface GlpiUser {
  id: number;
  name: string | null;
  realname: string | null;
  firstname: string | null;
  entities_id: number;
  is_active: number;
  is_deleted: number;
  email: string | null;
}

export interface GlpiTicket {
  id: number;
  entities_id: number;
  name: string | null;
  date: string | null;
  closedate: string | null;
  solvedate: string | null;
  date_mod: string | null;
  status: number;
  content: string | null;
  urgency: number;
  type: number;
  itilcategories_id: number;
  requesttypes_id: number;
  global_validation: number;
  time_to_own: string | null;
  time_to_resolve: string | null;
  begin_waiting_date: string | null;
  takeintoaccount_delay_stat: number;
  is_deleted: number;
  users_id_recipient: number;
}

export interface GlpiActor {
  tickets_id: number;
  /** users_id, groups_id or suppliers_id. */
  actor_id: number;
  /** 1 requester, 2 assigned, 3 observer. */
  type: number;
}

export interface GlpiFollowup {
  id: number;
  tickets_id: number;
  date: string | null;
  users_id: number;
  content: string | null;
  is_private: number;
}

export interface GlpiSolution {
  id: number;
  tickets_id: number;
  content: string | null;
  date_creation: string | null;
  users_id: number;
  /** 1 none, 2 waiting, 3 accepted, 4 refused. */
  status: number;
}

export interface GlpiValidation {
  id: number;
  tickets_id: number;
  users_id: number;
  users_id_validate: number;
  comment_submission: string | null;
  comment_validation: string | null;
  status: number;
  submission_date: string | null;
  validation_date: string | null;
}

export interface GlpiDocument {
  link_id: number;
  tickets_id: number;
  /** The follow-up the document was attached to, when it was. */
  followup_id: number | null;
  documents_id: number;
  filename: string | null;
  filepath: string | null;
  sha1sum: string | null;
  users_id: number;
  date: string | null;
}

export interface GlpiSatisfaction {
  id: number;
  tickets_id: number;
  date_answered: string | null;
  satisfaction: number | null;
  comment: string | null;
}

export interface GlpiLog {
  id: number;
  tickets_id: number;
  user_name: string | null;
  date_mod: string | null;
  id_search_option: number;
  linked_action: number;
  old_value: string | null;
  new_value: string | null;
}

export interface GlpiTicketContract {
  tickets_id: number;
  contracts_id: number;
}

export interface GlpiNamed {
  id: number;
  name: string;
}

export interface TicketChildren {
  users: GlpiActor[];
  groups: GlpiActor[];
  suppliers: GlpiActor[];
  followups: GlpiFollowup[];
  tasks: GlpiFollowup[];
  solutions: GlpiSolution[];
  validations: GlpiValidation[];
  documents: GlpiDocument[];
  satisfactions: GlpiSatisfaction[];
  logs: GlpiLog[];
  contracts: GlpiTicketContract[];
}

/** A mysql:// URL as mysql2 wants it; the password never reaches a log line. */
export function openGlpi(url: string): GlpiReader {
  const pool = createPool({ uri: url, connectionLimit: 2, dateStrings: true, supportBigNumbers: true, charset: 'utf8mb4' });
  const reader = new GlpiReader(pool);
  // The event hands over the callback-style connection, whatever the typings of the promise pool say.
  pool.pool.on('connection', (c: CoreConnection) => {
    // Queued on the new connection before any read of the import (a connection runs its commands in order).
    c.query('SET SESSION TRANSACTION READ ONLY');
    // TIMESTAMP columns (GLPI 9.5+) are shown in the session's zone: Rome, like the DATETIME ones GLPI 9.4 wrote.
    // Without the server's time-zone tables the zone cannot be set: the report says so.
    c.query("SET time_zone = 'Europe/Rome'", (err) => {
      if (err) {
        reader.zoneWarning =
          'MariaDB di MoOne senza tabelle dei fusi orari: le date TIMESTAMP sono lette nel fuso del server, non in quello di Roma (caricarle con mysql_tzinfo_to_sql).';
      }
    });
  });
  return reader;
}

export class GlpiReader {
  private columns = new Map<string, Set<string>>();
  /** Set when the session could not be put in Europe/Rome time. */
  zoneWarning: string | null = null;

  constructor(private readonly pool: Pool) {}

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await this.pool.query<RowDataPacket[]>(sql, params);
    return rows as T[];
  }

  /** GLPI's version as glpi_configs records it (context 'core', name 'version'); null when there is none. */
  async version(): Promise<string | null> {
    const [row] = await this.rows<{ value: string }>(`SELECT value FROM glpi_configs WHERE context = 'core' AND name = 'version' LIMIT 1`);
    return row?.value ?? null;
  }

  /** The columns of a table (empty when the table does not exist): a few appeared between 9.4 and 10.0. */
  async columnsOf(table: string): Promise<Set<string>> {
    let cols = this.columns.get(table);
    if (!cols) {
      const rows = await this.rows<{ c: string }>(
        `SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`,
        [table],
      );
      cols = new Set(rows.map((r) => r.c));
      this.columns.set(table, cols);
    }
    return cols;
  }

  async entities(): Promise<GlpiEntity[]> {
    // registration_number is not in every schema of the range: read it when the table has it.
    const reg = (await this.columnsOf('glpi_entities')).has('registration_number') ? 'registration_number' : 'NULL';
    return this.rows(`SELECT id, name, completename, comment, ${reg} AS registration_number FROM glpi_entities ORDER BY id`);
  }

  async users(): Promise<GlpiUser[]> {
    return this.rows(`
      SELECT u.id, u.name, u.realname, u.firstname, u.entities_id, u.is_active, u.is_deleted,
             (SELECT e.email FROM glpi_useremails e WHERE e.users_id = u.id ORDER BY e.is_default DESC, e.id LIMIT 1) AS email
        FROM glpi_users u ORDER BY u.id`);
  }

  /** Users who worked tickets in MoOne (assigned, or authors of tasks): they become operators. */
  async staffUserIds(): Promise<Set<number>> {
    const rows = await this.rows<{ id: number }>(`
      SELECT users_id AS id FROM glpi_tickets_users WHERE type = 2
      UNION SELECT users_id FROM glpi_tickettasks
      UNION SELECT users_id_tech FROM glpi_tickettasks WHERE users_id_tech > 0`);
    return new Set(rows.map((r) => Number(r.id)));
  }

  async suppliers(): Promise<GlpiNamed[]> {
    return this.rows(`SELECT id, name FROM glpi_suppliers ORDER BY id`);
  }

  async groups(): Promise<GlpiNamed[]> {
    return this.rows(`SELECT id, COALESCE(completename, name) AS name FROM glpi_groups ORDER BY id`);
  }

  async categories(): Promise<GlpiNamed[]> {
    return this.rows(`SELECT id, COALESCE(completename, name) AS name FROM glpi_itilcategories ORDER BY id`);
  }

  async requestTypes(): Promise<GlpiNamed[]> {
    return this.rows(`SELECT id, name FROM glpi_requesttypes ORDER BY id`);
  }

  async contracts(): Promise<GlpiNamed[]> {
    return this.rows(`SELECT id, CONCAT(COALESCE(name, ''), IF(num IS NULL OR num = '', '', CONCAT(' (', num, ')'))) AS name FROM glpi_contracts ORDER BY id`);
  }

  async hasTicketContracts(): Promise<boolean> {
    return (await this.columnsOf('glpi_tickets_contracts')).size > 0;
  }

  async countTickets(since: string | null): Promise<number> {
    const [row] = await this.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM glpi_tickets ${since ? 'WHERE date_mod >= ?' : ''}`, since ? [since] : []);
    return Number(row?.n ?? 0);
  }

  /**
   * The tickets, oldest id first, as a stream: rows arrive as the import consumes them (the connection stays busy
   * meanwhile, so children are read on the pool's other connection). With `since`, those changed since that day.
   */
  streamTickets(since: string | null): Promise<{ stream: Readable; release: () => void }> {
    const sql = `
      SELECT id, entities_id, name, date, closedate, solvedate, date_mod, status, content, urgency, type,
             itilcategories_id, requesttypes_id, global_validation, time_to_own, time_to_resolve, begin_waiting_date,
             takeintoaccount_delay_stat, is_deleted, users_id_recipient
        FROM glpi_tickets ${since ? 'WHERE date_mod >= ?' : ''} ORDER BY id`;
    return new Promise((resolve, reject) => {
      this.pool.pool.getConnection((err, conn) => {
        if (err) return reject(err);
        const stream = conn.query(sql, since ? [since] : []).stream({ highWaterMark: 500 });
        resolve({ stream, release: () => conn.release() });
      });
    });
  }

  /** Everything hanging off a batch of tickets, one query per table. */
  async children(ids: number[], withContracts: boolean): Promise<TicketChildren> {
    const list = [ids];
    const followups = await this.rows<GlpiFollowup>(
      `SELECT id, items_id AS tickets_id, date, users_id, content, is_private FROM glpi_itilfollowups
        WHERE itemtype = 'Ticket' AND items_id IN (?) ORDER BY date, id`,
      list,
    );
    const followupIds = followups.map((f) => f.id);
    const [users, groups, suppliers, tasks, solutions, validations, satisfactions, logs, contracts] = await Promise.all([
      this.rows<GlpiActor>(`SELECT tickets_id, users_id AS actor_id, type FROM glpi_tickets_users WHERE tickets_id IN (?) ORDER BY id`, list),
      this.rows<GlpiActor>(`SELECT tickets_id, groups_id AS actor_id, type FROM glpi_groups_tickets WHERE tickets_id IN (?) ORDER BY id`, list),
      this.rows<GlpiActor>(`SELECT tickets_id, suppliers_id AS actor_id, type FROM glpi_suppliers_tickets WHERE tickets_id IN (?) ORDER BY id`, list),
      this.rows<GlpiFollowup>(
        `SELECT id, tickets_id, date, users_id, content, is_private FROM glpi_tickettasks WHERE tickets_id IN (?) ORDER BY date, id`,
        list,
      ),
      this.rows<GlpiSolution>(
        `SELECT id, items_id AS tickets_id, content, date_creation, users_id, status FROM glpi_itilsolutions
          WHERE itemtype = 'Ticket' AND items_id IN (?) ORDER BY date_creation, id`,
        list,
      ),
      this.rows<GlpiValidation>(
        `SELECT id, tickets_id, users_id, users_id_validate, comment_submission, comment_validation, status, submission_date, validation_date
           FROM glpi_ticketvalidations WHERE tickets_id IN (?) ORDER BY submission_date, id`,
        list,
      ),
      this.rows<GlpiSatisfaction>(
        `SELECT id, tickets_id, date_answered, satisfaction, comment FROM glpi_ticketsatisfactions WHERE tickets_id IN (?)`,
        list,
      ),
      this.rows<GlpiLog>(
        `SELECT id, items_id AS tickets_id, user_name, date_mod, id_search_option, linked_action, old_value, new_value
           FROM glpi_logs WHERE itemtype = 'Ticket' AND items_id IN (?) ORDER BY id`,
        list,
      ),
      withContracts
        ? this.rows<GlpiTicketContract>(`SELECT tickets_id, contracts_id FROM glpi_tickets_contracts WHERE tickets_id IN (?)`, list)
        : Promise.resolve([]),
    ]);
    // Documents of the ticket itself and of its follow-ups (GLPI 9.4+ attaches files to the follow-up). The link's
    // own dates vary across 9.4–10.0: the ones the schema has, then the document's.
    const linkCols = await this.columnsOf('glpi_documents_items');
    const linkDate = `COALESCE(${['date', 'date_creation', 'date_mod'].filter((c) => linkCols.has(c)).map((c) => `di.${c}`).concat('d.date_mod').join(', ')})`;
    const documents = await this.rows<GlpiDocument>(
      `SELECT di.id AS link_id, di.items_id AS tickets_id, NULL AS followup_id, d.id AS documents_id, d.filename, d.filepath,
              d.sha1sum, d.users_id, ${linkDate} AS date
         FROM glpi_documents_items di JOIN glpi_documents d ON d.id = di.documents_id
        WHERE di.itemtype = 'Ticket' AND di.items_id IN (?) AND d.is_deleted = 0
       ${followupIds.length === 0 ? '' : `UNION ALL
       SELECT di.id, f.items_id, f.id, d.id, d.filename, d.filepath, d.sha1sum, d.users_id, ${linkDate}
         FROM glpi_documents_items di JOIN glpi_documents d ON d.id = di.documents_id
         JOIN glpi_itilfollowups f ON f.id = di.items_id
        WHERE di.itemtype = 'ITILFollowup' AND di.items_id IN (?) AND d.is_deleted = 0`}
        ORDER BY link_id`,
      followupIds.length === 0 ? list : [ids, followupIds],
    );
    return { users, groups, suppliers, followups, tasks, solutions, validations, documents, satisfactions, logs, contracts };
  }
}
