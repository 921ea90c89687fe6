import type { DataSource } from 'typeorm';

/**
 * Read-only look-ups that decide where an incoming message belongs: the Ente of a PEC address, the ticket of a
 * protocol number or of a message the product sent. Nothing is written here.
 */
export class MailMatchingRepository {
  constructor(private readonly ds: DataSource) {}

  /** The active Ente whose official PEC address this is (case-insensitive), or undefined. */
  async enteByPec(address: string): Promise<{ id: string; name: string } | undefined> {
    const [row] = (await this.ds.query(`SELECT id, name FROM enti WHERE lower(pec) = $1 AND deactivated_at IS NULL ORDER BY name LIMIT 1`, [address.toLowerCase()])) as Array<{
      id: string;
      name: string;
    }>;
    return row;
  }

  /**
   * The referent a message from an Ente's PEC address is filed under: the Ente's first active referent (the PEC
   * box is the Ente's, not a person's); staff may change the requester afterwards.
   */
  async referentOf(enteId: string): Promise<string | undefined> {
    const [row] = (await this.ds.query(
      `SELECT u.id FROM users u JOIN user_enti ue ON ue.user_id = u.id
        WHERE ue.ente_id = $1 AND u.disabled_at IS NULL AND u.role IN ('ente_user', 'capofila_user') ORDER BY u.created_at, u.id LIMIT 1`,
      [enteId],
    )) as Array<{ id: string }>;
    return row?.id;
  }

  /** Whether the user is an active referent of the Ente (an operator picking the requester of an unassigned message). */
  async isReferentOf(userId: string, enteId: string): Promise<boolean> {
    const rows = (await this.ds.query(
      `SELECT 1 FROM users u JOIN user_enti ue ON ue.user_id = u.id
        WHERE u.id = $1 AND ue.ente_id = $2 AND u.disabled_at IS NULL AND u.role IN ('ente_user', 'capofila_user')`,
      [userId, enteId],
    )) as unknown[];
    return rows.length > 0;
  }

  async ticketByProtocol(year: number, number: number): Promise<string | undefined> {
    const [row] = (await this.ds.query(`SELECT id FROM tickets WHERE protocol_year = $1 AND protocol_number = $2 AND deleted_at IS NULL`, [year, number])) as Array<{
      id: string;
    }>;
    return row?.id;
  }

  async ticketExists(id: string): Promise<boolean> {
    return ((await this.ds.query(`SELECT 1 FROM tickets WHERE id = $1 AND deleted_at IS NULL`, [id])) as unknown[]).length > 0;
  }

  async ticketHasGroup(id: string): Promise<boolean> {
    return ((await this.ds.query(`SELECT 1 FROM tickets WHERE id = $1 AND support_group IS NOT NULL`, [id])) as unknown[]).length > 0;
  }

  /** A message the product sent, by its Message-ID (with or without angle brackets). */
  async outgoingByMessageId(messageId: string): Promise<{ id: string; ticketId: string | null } | undefined> {
    const bare = messageId.trim().replace(/^<|>$/g, '');
    const [row] = (await this.ds.query(`SELECT id, ticket_id AS "ticketId" FROM outgoing_mails WHERE message_id IN ($1, $2) ORDER BY created_at DESC LIMIT 1`, [
      bare,
      `<${bare}>`,
    ])) as Array<{ id: string; ticketId: string | null }>;
    return row;
  }

  /** Who is alerted when a PEC was not delivered: the ticket's assignee, else the active operators and admins. */
  async staffToAlert(ticketId: string): Promise<string[]> {
    const rows = (await this.ds.query(
      `SELECT u.id FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.id = $1 AND u.disabled_at IS NULL
       UNION
       SELECT u.id FROM users u WHERE u.role IN ('operator', 'admin') AND u.disabled_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = $1 AND t.assignee_id IS NOT NULL)`,
      [ticketId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async adminEmails(): Promise<string[]> {
    const rows = (await this.ds.query(`SELECT email FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY email`)) as Array<{ email: string }>;
    return rows.map((r) => r.email);
  }
}
