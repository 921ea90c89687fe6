import { z } from 'zod';
import { VersionSchema } from './audit';
import { RoleSchema } from './auth';
import type { Role } from './roles';

/**
 * Support groups (MoOne «gruppo»): master data the admins manage. A group has a stable key (what tickets, rules and
 * the `assign` action carry, so renaming a group changes nothing else), a name, an active flag and members.
 * The four groups of the former fixed list are seeded with their keys.
 */
export const SUPPORT_GROUP_KEY = /^[a-z][a-z0-9_]{1,39}$/;
export const SupportGroupKeySchema = z
  .string('Gruppo non valido.')
  .regex(SUPPORT_GROUP_KEY, 'Gruppo non valido: codice di 2–40 lettere minuscole, cifre o trattini bassi.')
  .meta({ id: 'SupportGroupKey' });

/** Who can belong to a group: the CIT staff (approvers too: the administration group). */
export const GROUP_MEMBER_ROLES: readonly Role[] = ['operator', 'approver', 'admin'];

const groupName = z.string('Nome del gruppo mancante.').trim().min(1, 'Nome: almeno 1 carattere').max(80, 'Nome: al massimo 80 caratteri');
const memberIds = z.array(z.uuid('Membro non valido.')).max(200, 'Troppi membri.').refine((ids) => new Set(ids).size === ids.length, 'Membro ripetuto.');

export const GroupMemberSchema = z.object({ id: z.uuid(), name: z.string(), role: RoleSchema }).meta({ id: 'GroupMember' });

export const SupportGroupDtoSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    active: z.boolean(),
    members: z.array(GroupMemberSchema),
    version: z.number().int(),
  })
  .meta({ id: 'SupportGroupRecord' });
export type SupportGroupDto = z.infer<typeof SupportGroupDtoSchema>;

export const SupportGroupListSchema = z
  .object({
    items: z.array(SupportGroupDtoSchema),
    /** The keys of the groups the caller belongs to. */
    mine: z.array(z.string()),
  })
  .meta({ id: 'SupportGroupList' });
export type SupportGroupList = z.infer<typeof SupportGroupListSchema>;

export const CreateSupportGroupSchema = z
  .strictObject({ key: SupportGroupKeySchema.refine((k) => k !== 'mine', 'Codice riservato: «mine» indica «i miei gruppi».'), name: groupName, active: z.boolean('Attivo: vero o falso.').default(true), memberIds: memberIds.default([]) }, 'Campo non previsto.')
  .meta({ id: 'CreateSupportGroup' });
export type CreateSupportGroup = z.infer<typeof CreateSupportGroupSchema>;

export const UpdateSupportGroupSchema = z
  .strictObject(
    { version: VersionSchema, name: groupName.optional(), active: z.boolean('Attivo: vero o falso.').optional(), memberIds: memberIds.optional() },
    'Campo non previsto.',
  )
  .meta({ id: 'UpdateSupportGroup' });
export type UpdateSupportGroup = z.infer<typeof UpdateSupportGroupSchema>;
