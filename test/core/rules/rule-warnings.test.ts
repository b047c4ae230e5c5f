import { BUILTIN_RULES } from '../../../src/core/rules/builtin';
import { ruleWarnings } from '../../../src/core/rules/rule-warnings';
import type { Rule } from '../../../src/core/rules/schema';

const rule = (id: string, overrides: Partial<Rule> = {}): Rule => ({
  id,
  name: `Rule ${id}`,
  enabled: true,
  conditions: [{ type: 'titleContains', text: 'leaked credentials' }],
  actions: { priority: 'High' },
  ...overrides,
});

describe('rule warnings', () => {
  it('has none for the built-in rules', () => {
    expect(ruleWarnings(BUILTIN_RULES)).toEqual({});
  });

  it('warns on a rule named like an earlier one, whatever the case', () => {
    const warnings = ruleWarnings([
      rule('a', { name: 'Leaked credentials' }),
      rule('b', { name: 'leaked credentials ' }),
    ]);
    expect(warnings.b).toMatch(/same name as rule 1/);
    expect(warnings.a).toBeUndefined();
  });

  it('warns on a rule an earlier rule with the same conditions shadows, and not when it still adds something', () => {
    const first = rule('a', { actions: { priority: 'High', category: 'malware' } });
    expect(ruleWarnings([first, rule('b')]).b).toMatch(/Never applies: rule 1 "Rule a"/);
    expect(ruleWarnings([first, rule('b', { actions: { assignee: 'x' } })]).b).toBeUndefined();
    expect(
      ruleWarnings([first, rule('b', { actions: { priority: 'Low', labels: ['x'] } })]).b,
    ).toBeUndefined();
    expect(ruleWarnings([{ ...first, enabled: false }, rule('b')]).b).toBeUndefined();
    expect(
      ruleWarnings([first, rule('b', { conditions: [{ type: 'anyTor' }] })]).b,
    ).toBeUndefined();
  });
});
