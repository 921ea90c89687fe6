import type { DataSource } from 'typeorm';
import { GROUP_MEMBER_ROLES, type CreateSupportGroup, type SupportGroupDto, type SupportGroupList, type UpdateSupportGroup } from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { fieldError, isUniqueViolation, notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import {
  bumpGroupVersion,
  groupKeysOf,
  insertGroup,
  listGroups,
  lockGroup,
  memberIdsOf,
  notEligible,
  readGroup,
  replaceMembers,
  updateGroup,
} from './support-groups.repository';

const WHAT = 'Il gruppo di supporto';

/** What the audit log keeps of a group: its fields and the member ids. */
const snapshot = (g: { name: string; active: boolean }, memberIds: readonly string[]) => ({ name: g.name, active: g.active, memberIds: [...memberIds].sort() });

/**
 * Support groups as master data: admins create them, rename, deactivate (a deactivated group keeps its tickets but
 * cannot receive new ones) and choose the members among the CIT staff. Groups are never deleted: tickets, rules and
 * the history name them by key. Every change goes to the audit log in its own transaction.
 */
export class SupportGroupsService {
  constructor(private readonly ds: DataSource) {}

  async list(me: string): Promise<SupportGroupList> {
    const [items, mine] = await Promise.all([listGroups(this.ds), groupKeysOf(this.ds, me)]);
    return { items, mine };
  }

  async create(actor: AuditActor, input: CreateSupportGroup): Promise<SupportGroupDto> {
    await this.unique(() =>
      this.ds.transaction(async (tx) => {
        await this.checkMembers(tx, input.memberIds);
        await insertGroup(tx, input);
        await replaceMembers(tx, input.key, input.memberIds);
        await recordChange(tx, actor, { entity: 'support_groups', recordId: input.key, action: 'create', before: null, after: snapshot(input, input.memberIds) });
      }),
    );
    return this.read(input.key);
  }

  async update(actor: AuditActor, key: string, input: UpdateSupportGroup): Promise<SupportGroupDto> {
    await this.unique(() =>
      this.ds.transaction(async (tx) => {
        const before = await lockGroup(tx, key);
        if (!before) throw notFound(WHAT);
        const beforeMembers = await memberIdsOf(tx, key);
        if (before.version !== input.version) throw await staleVersion(tx, 'support_groups', key, await readGroup(tx, key));
        const after = { name: input.name ?? before.name, active: input.active ?? before.active };
        const members = input.memberIds ?? beforeMembers;
        const changed = JSON.stringify(snapshot(before, beforeMembers)) !== JSON.stringify(snapshot(after, members));
        if (!changed) return;
        if (input.memberIds) {
          await this.checkMembers(tx, input.memberIds);
          await replaceMembers(tx, key, input.memberIds);
        }
        if (after.name !== before.name || after.active !== before.active) await updateGroup(tx, key, after);
        else await bumpGroupVersion(tx, key);
        await recordChange(tx, actor, { entity: 'support_groups', recordId: key, action: 'update', before: snapshot(before, beforeMembers), after: snapshot(after, members) });
      }),
    );
    return this.read(key);
  }

  private async read(key: string): Promise<SupportGroupDto> {
    const g = await readGroup(this.ds, key);
    if (!g) throw notFound(WHAT);
    return g;
  }

  private async checkMembers(tx: Parameters<typeof notEligible>[0], ids: readonly string[]) {
    const wrong = await notEligible(tx, ids, GROUP_MEMBER_ROLES);
    if (wrong.length > 0) throw fieldError('memberIds', 'Membri non validi: solo operatori, approvatori e amministratori attivi possono far parte di un gruppo.');
  }

  /** A second group with the same key or name (case aside) is refused on that field. */
  private async unique<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err, 'support_groups_pkey')) throw fieldError('key', 'Esiste già un gruppo con questo codice.');
      if (isUniqueViolation(err, 'support_groups_name_key')) throw fieldError('name', 'Esiste già un gruppo con questo nome.');
      throw err;
    }
  }
}
