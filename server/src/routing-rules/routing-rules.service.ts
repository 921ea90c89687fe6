import type { DataSource, EntityManager } from 'typeorm';
import {
  firstMatchingRule,
  type CreateRoutingRule,
  type RoutingActions,
  type RoutingDryRun,
  type RoutingFacts,
  type RoutingRule,
  type RoutingRuleList,
  type UpdateRoutingRule,
} from '@cit/shared';
import { recordChange, type AuditActor } from '../audit/audit-log.repository';
import { AppError, invalidFields, notFound } from '../platform/http/errors';
import { staleVersion } from '../platform/http/optimistic';
import type { RoutingDecision } from './apply';
import { deleteRule, enabledRules, insertRule, listRules, lockAllRules, lockRule, readRule, setPositions, updateRule, validTargets } from './routing-rules.repository';

const WHAT = 'La regola di smistamento';
type Db = DataSource | EntityManager;

const snapshot = (r: Pick<RoutingRule, 'name' | 'enabled' | 'conditions' | 'actions'> & { position?: number }) => ({
  name: r.name,
  enabled: r.enabled,
  conditions: r.conditions,
  actions: r.actions,
  ...(r.position !== undefined && { position: r.position }),
});

/**
 * The routing rules: an ordered list, managed by the admins (every change in the audit log), evaluated on each new
 * ticket from any channel but the MoOne import and on re-triage. The first enabled rule whose conditions all hold
 * fires and no other is looked at (see firstMatchingRule in @cit/shared).
 */
export class RoutingRulesService {
  constructor(private readonly ds: DataSource) {}

  async list(): Promise<RoutingRuleList> {
    return { items: await listRules(this.ds) };
  }

  async create(actor: AuditActor, input: CreateRoutingRule): Promise<RoutingRule> {
    const id = await this.ds.transaction(async (tx) => {
      await this.checkTargets(tx, input.actions);
      const created = await insertRule(tx, input);
      await recordChange(tx, actor, { entity: 'routing_rules', recordId: created, action: 'create', before: null, after: snapshot(input) });
      return created;
    });
    return this.read(id);
  }

  async update(actor: AuditActor, id: string, input: UpdateRoutingRule): Promise<RoutingRule> {
    if (!UUID.test(id)) throw notFound(WHAT);
    await this.ds.transaction(async (tx) => {
      const before = await lockRule(tx, id);
      if (!before) throw notFound(WHAT);
      if (before.version !== input.version) throw await staleVersion(tx, 'routing_rules', id, before);
      const after = {
        name: input.name ?? before.name,
        enabled: input.enabled ?? before.enabled,
        conditions: input.conditions ?? before.conditions,
        actions: input.actions ?? before.actions,
      };
      if (JSON.stringify(snapshot(after)) === JSON.stringify(snapshot(before))) return;
      if (input.actions) await this.checkTargets(tx, input.actions);
      await updateRule(tx, id, after);
      await recordChange(tx, actor, { entity: 'routing_rules', recordId: id, action: 'update', before: snapshot(before), after: snapshot(after) });
    });
    return this.read(id);
  }

  async remove(actor: AuditActor, id: string): Promise<void> {
    if (!UUID.test(id)) throw notFound(WHAT);
    await this.ds.transaction(async (tx) => {
      const before = await lockRule(tx, id);
      if (!before) throw notFound(WHAT);
      await deleteRule(tx, id);
      await recordChange(tx, actor, { entity: 'routing_rules', recordId: id, action: 'delete', before: snapshot(before), after: null });
    });
  }

  /** Sets the order of the whole list; the ids must be exactly the rules there are (else 409: someone changed it). */
  async reorder(actor: AuditActor, ids: readonly string[]): Promise<RoutingRuleList> {
    await this.ds.transaction(async (tx) => {
      const current = await lockAllRules(tx);
      const known = new Set(current.map((r) => r.id));
      if (ids.length !== current.length || ids.some((id) => !known.has(id))) {
        throw new AppError(409, 'stale_order', 'Le regole sono cambiate dopo che ha aperto la pagina: la ricarichi e ripeta lo spostamento.');
      }
      await setPositions(tx, ids);
      const moved = ids.flatMap((id, i) => {
        const before = current.find((r) => r.id === id)?.position;
        return before === i + 1 ? [] : [{ id, before, after: i + 1 }];
      });
      for (const m of moved) {
        await recordChange(tx, actor, { entity: 'routing_rules', recordId: m.id, action: 'update', before: { position: m.before }, after: { position: m.after } });
      }
    });
    return this.list();
  }

  /**
   * The rule that fires for these facts, with only the actions whose targets are valid now (a group deactivated or an
   * operator disabled after the rule was written is skipped, not an error: a ticket must never fail to open for it).
   */
  async decide(db: Db, facts: RoutingFacts): Promise<RoutingDecision | null> {
    const rule = firstMatchingRule(await enabledRules(db), facts);
    if (!rule) return null;
    const ok = await validTargets(db, rule.actions);
    const { groupKey, assigneeId, supplierId, ...others } = rule.actions;
    const actions: RoutingActions = {
      ...others,
      ...(ok.group && groupKey !== undefined && { groupKey }),
      ...(ok.assignee && assigneeId !== undefined && { assigneeId }),
      ...(ok.supplier && supplierId !== undefined && { supplierId }),
    };
    return { rule: { id: rule.id, name: rule.name, position: rule.position }, actions };
  }

  async dryRun(facts: RoutingFacts): Promise<RoutingDryRun> {
    const [decision, rules] = await Promise.all([this.decide(this.ds, facts), enabledRules(this.ds)]);
    return { rule: decision?.rule ?? null, actions: decision?.actions ?? null, evaluated: rules.length };
  }

  private async read(id: string): Promise<RoutingRule> {
    const rule = await readRule(this.ds, id);
    if (!rule) throw notFound(WHAT);
    return rule;
  }

  /** A rule may only name a group, operator or supplier that can receive tickets (400 on that action's field). */
  private async checkTargets(tx: EntityManager, a: RoutingActions): Promise<void> {
    const ok = await validTargets(tx, a);
    const fields = [
      ...(ok.group ? [] : [{ path: 'actions.groupKey', message: 'Gruppo sconosciuto o non attivo.' }]),
      ...(ok.assignee ? [] : [{ path: 'actions.assigneeId', message: 'Operatore sconosciuto o non attivo.' }]),
      ...(ok.supplier ? [] : [{ path: 'actions.supplierId', message: 'Fornitore sconosciuto.' }]),
    ];
    if (fields.length > 0) throw invalidFields(fields);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
