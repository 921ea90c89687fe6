import type { DataSource } from 'typeorm';
import { can, type CannedReply, type CannedReplyList, type Role, type SaveCannedReply } from '@cit/shared';
import { AppError, fieldError, isUniqueViolation, notFound } from '../platform/http/errors';
import { deleteCannedReply, insertCannedReply, listCannedReplies, readCannedReply, updateCannedReply } from './canned-replies.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHAT = 'La risposta predefinita';

interface Caller {
  id: string;
  role: Role;
}

/**
 * Canned replies: each operator keeps personal ones (invisible to the others: 404), the admins keep the shared ones
 * everybody uses. A reply stays what it was created as: personal or shared.
 */
export class CannedRepliesService {
  constructor(private readonly ds: DataSource) {}

  async list(me: Caller): Promise<CannedReplyList> {
    return { items: await listCannedReplies(this.ds, me.id) };
  }

  /** A reply the caller may use (own or shared), else 404. */
  async visible(id: string, me: Caller): Promise<CannedReply> {
    const reply = UUID.test(id) ? await readCannedReply(this.ds, id, me.id) : undefined;
    if (!reply || !(reply.mine || reply.shared)) throw notFound(WHAT);
    return reply;
  }

  async create(me: Caller, input: SaveCannedReply): Promise<CannedReply> {
    if (input.shared) this.mayShare(me);
    const id = await this.unique(input.shared, () => insertCannedReply(this.ds, input.shared ? null : me.id, me.id, input));
    return this.visible(id, me);
  }

  async update(me: Caller, id: string, input: SaveCannedReply): Promise<CannedReply> {
    const current = await this.changeable(id, me);
    if (input.shared !== current.shared) {
      throw fieldError('shared', current.shared ? 'Una risposta condivisa resta condivisa: per averne una Sua ne crei una nuova.' : 'Una risposta personale resta personale: per condividerla ne crei una nuova condivisa.');
    }
    await this.unique(current.shared, () => updateCannedReply(this.ds, id, input));
    return this.visible(id, me);
  }

  async remove(me: Caller, id: string): Promise<void> {
    await this.changeable(id, me);
    await deleteCannedReply(this.ds, id);
  }

  private mayShare(me: Caller) {
    if (!can(me, 'canned-replies.share')) throw new AppError(403, 'forbidden', 'Solo gli amministratori gestiscono le risposte predefinite condivise.');
  }

  /** Own replies, or shared ones for the admins: 403 for a shared one otherwise, 404 for someone else's. */
  private async changeable(id: string, me: Caller): Promise<CannedReply> {
    const reply = await this.visible(id, me);
    if (reply.shared) this.mayShare(me);
    return reply;
  }

  private async unique<T>(shared: boolean, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err, 'canned_replies_personal_name_key')) throw fieldError('name', 'Ha già una risposta predefinita con questo nome.');
      if (isUniqueViolation(err, 'canned_replies_shared_name_key') && shared) throw fieldError('name', 'Esiste già una risposta condivisa con questo nome.');
      throw err;
    }
  }
}
