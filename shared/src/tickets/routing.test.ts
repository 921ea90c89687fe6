import { CreateRoutingRuleSchema, firstMatchingRule, ruleMatches, withLabel, type RoutingFacts } from './routing';

const ENTE = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const facts: RoutingFacts = {
  type: 'incident',
  category: 'assistance',
  serviceCode: 'pec',
  enteId: ENTE,
  urgency: 'high',
  channel: 'email',
  supplierId: null,
};
const rule = (position: number, conditions: object, enabled = true) => ({ id: `r${position}`, position, enabled, conditions, actions: { label: `r${position}` } });

describe('routing rules', () => {
  it('an empty condition accepts every ticket; every listed condition must hold', () => {
    expect(ruleMatches({}, facts)).toBe(true);
    expect(ruleMatches({ types: [] }, facts)).toBe(true);
    expect(ruleMatches({ types: ['incident'], channels: ['email', 'web'], enteIds: [ENTE] }, facts)).toBe(true);
    expect(ruleMatches({ types: ['incident'], channels: ['web'] }, facts)).toBe(false);
    expect(ruleMatches({ enteIds: [OTHER] }, facts)).toBe(false);
    expect(ruleMatches({ urgencies: ['blocking', 'high'], serviceCodes: ['pec'], categories: ['assistance'] }, facts)).toBe(true);
  });

  it('a ticket without a service or supplier fails a condition on them', () => {
    expect(ruleMatches({ serviceCodes: ['pec'] }, { ...facts, serviceCode: null })).toBe(false);
    expect(ruleMatches({ supplierIds: [OTHER] }, facts)).toBe(false);
    expect(ruleMatches({ supplierIds: [OTHER] }, { ...facts, supplierId: OTHER })).toBe(true);
  });

  it('the first enabled match in position order wins, whatever the input order', () => {
    const rules = [rule(3, {}), rule(1, { channels: ['web'] }), rule(2, { channels: ['email'] }, false), rule(4, { channels: ['email'] })];
    expect(firstMatchingRule(rules, facts)?.id).toBe('r3');
    expect(firstMatchingRule(rules, { ...facts, channel: 'web' })?.id).toBe('r1');
    expect(firstMatchingRule([rule(1, { channels: ['web'] })], facts)).toBeNull();
    expect(firstMatchingRule([], facts)).toBeNull();
  });

  it('adds a label once, case aside', () => {
    expect(withLabel(['PEC'], 'pec')).toEqual(['PEC']);
    expect(withLabel(['a'], 'b')).toEqual(['a', 'b']);
    expect(withLabel(['a'], undefined)).toEqual(['a']);
  });

  it('a rule needs a name and at least one action; unknown conditions are named', () => {
    expect(CreateRoutingRuleSchema.safeParse({ name: 'PEC', conditions: {}, actions: {} }).success).toBe(false);
    const ok = CreateRoutingRuleSchema.parse({ name: ' PEC ', conditions: { channels: ['email'] }, actions: { groupKey: 'sistemisti' } });
    expect(ok).toMatchObject({ name: 'PEC', enabled: true });
    const bad = CreateRoutingRuleSchema.safeParse({ name: 'x', conditions: { colour: ['red'] }, actions: { urgency: 'high' } });
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toContain('conditions');
    const badGroup = CreateRoutingRuleSchema.safeParse({ name: 'x', conditions: {}, actions: { groupKey: 'Sistemisti!' } });
    expect(badGroup.error?.issues.map((i) => i.path.join('.'))).toContain('actions.groupKey');
  });
});
