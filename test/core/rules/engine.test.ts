import type { Alert, IpFinding } from '../../../src/core/model';
import { BUILTIN_RULES } from '../../../src/core/rules/builtin';
import { evaluateRules } from '../../../src/core/rules/engine';
import type { TriageOutcome } from '../../../src/core/rules/outcome';
import { NO_TRIAGE } from '../../../src/core/rules/outcome';
import type { Rule } from '../../../src/core/rules/schema';
import { anAlert, aRule } from './factories';

function evaluate(
  rules: Rule[],
  alert: Alert = anAlert(),
  findings: IpFinding[] = [],
): TriageOutcome {
  return evaluateRules({ rules, userLists: [], alert, findings });
}

describe('evaluateRules', () => {
  it('decides nothing when there are no rules', () => {
    expect(evaluate([])).toEqual(NO_TRIAGE);
  });

  it('applies a rule with no conditions to every alert', () => {
    const outcome = evaluate([aRule({ name: 'Everything', actions: { labels: ['mcas'] } })]);
    expect(outcome.labels).toEqual(['mcas']);
    expect(outcome.explanations).toEqual(["rule 'Everything' added label mcas"]);
  });

  it('leaves the alert alone when a condition fails', () => {
    const outcome = evaluate(
      [aRule({ conditions: [{ type: 'anyTor' }], actions: { priority: 'Highest' } })],
      anAlert(),
      [],
    );
    expect(outcome).toEqual(NO_TRIAGE);
  });

  describe('each action', () => {
    it('sets the priority', () => {
      expect(evaluate([aRule({ name: 'P', actions: { priority: 'Highest' } })]).priority).toEqual({
        value: 'Highest',
        rule: 'P',
      });
    });

    it('sets the category with its sub-category', () => {
      const outcome = evaluate([
        aRule({
          name: 'C',
          actions: { category: 'information-gathering', subCategory: 'Brute force' },
        }),
      ]);
      expect(outcome.category).toEqual({
        value: 'information-gathering',
        subCategory: 'Brute force',
        rule: 'C',
      });
      expect(outcome.explanations).toEqual([
        "rule 'C' set category Information gathering (Brute force)",
      ]);
    });

    it('sets the assignee', () => {
      const outcome = evaluate([
        aRule({ name: 'A', actions: { assignee: '5b10ac8d82e05b22cc7d4ef5' } }),
      ]);
      expect(outcome.assignee).toEqual({ value: '5b10ac8d82e05b22cc7d4ef5', rule: 'A' });
      expect(outcome.explanations).toEqual(["rule 'A' set assignee 5b10ac8d82e05b22cc7d4ef5"]);
    });

    it('sets the issue type', () => {
      const outcome = evaluate([aRule({ name: 'T', actions: { issueType: 'Incident' } })]);
      expect(outcome.issueType).toEqual({ value: 'Incident', rule: 'T' });
      expect(outcome.explanations).toEqual(["rule 'T' set issue type Incident"]);
    });

    it('adds labels without repeating one the rule lists twice', () => {
      const outcome = evaluate([aRule({ name: 'L', actions: { labels: ['a', 'b', 'a'] } })]);
      expect(outcome.labels).toEqual(['a', 'b']);
      expect(outcome.explanations).toEqual(["rule 'L' added labels a, b"]);
    });

    it('suppresses the alert', () => {
      const outcome = evaluate([aRule({ name: 'Quiet', actions: { suppress: true } })]);
      expect(outcome.suppressedBy).toBe('Quiet');
      expect(outcome.explanations).toEqual(["rule 'Quiet' suppressed the alert"]);
    });

    it('does nothing for suppress: false', () => {
      expect(evaluate([aRule({ actions: { suppress: false } })])).toEqual(NO_TRIAGE);
    });

    it('says everything one rule did in one sentence', () => {
      const outcome = evaluate([
        aRule({
          name: 'All',
          actions: {
            suppress: true,
            priority: 'High',
            category: 'malware',
            assignee: 'acc-1',
            issueType: 'Incident',
            labels: ['x', 'y'],
          },
        }),
      ]);
      expect(outcome.explanations).toEqual([
        "rule 'All' suppressed the alert; set priority High, category Malware, assignee acc-1, issue type Incident; added labels x, y",
      ]);
    });
  });

  describe('ordering', () => {
    it('lets the first matching rule that sets an action win it', () => {
      const outcome = evaluate([
        aRule({ name: 'First', actions: { priority: 'Highest' } }),
        aRule({ name: 'Second', actions: { priority: 'Low', assignee: 'acc-2' } }),
        aRule({ name: 'Third', actions: { assignee: 'acc-3', issueType: 'Task' } }),
      ]);
      expect(outcome.priority).toEqual({ value: 'Highest', rule: 'First' });
      expect(outcome.assignee).toEqual({ value: 'acc-2', rule: 'Second' });
      expect(outcome.issueType).toEqual({ value: 'Task', rule: 'Third' });
      expect(outcome.explanations).toEqual([
        "rule 'First' set priority Highest",
        "rule 'Second' set assignee acc-2",
        "rule 'Third' set issue type Task",
      ]);
    });

    it('keeps a sub-category with the category it came with', () => {
      const outcome = evaluate([
        aRule({ name: 'Cat only', actions: { category: 'compromised-user' } }),
        aRule({
          name: 'Cat and sub',
          actions: { category: 'information-gathering', subCategory: 'Brute force' },
        }),
      ]);
      expect(outcome.category).toEqual({ value: 'compromised-user', rule: 'Cat only' });
    });

    it('accumulates labels from every matching rule, in order, without duplicates', () => {
      const outcome = evaluate([
        aRule({ name: 'One', actions: { labels: ['mcas', 'identity'] } }),
        aRule({ name: 'Two', actions: { labels: ['identity', 'vip'] } }),
        aRule({ name: 'Three', actions: { labels: ['mcas'] } }),
      ]);
      expect(outcome.labels).toEqual(['mcas', 'identity', 'vip']);
      expect(outcome.explanations).toEqual([
        "rule 'One' added labels mcas, identity",
        "rule 'Two' added label vip",
      ]);
    });

    it('skips disabled rules', () => {
      const outcome = evaluate([
        aRule({ name: 'Off', enabled: false, actions: { priority: 'Highest', suppress: true } }),
        aRule({ name: 'On', actions: { priority: 'Low' } }),
      ]);
      expect(outcome.priority).toEqual({ value: 'Low', rule: 'On' });
      expect(outcome.suppressedBy).toBeUndefined();
      expect(outcome.explanations).toEqual(["rule 'On' set priority Low"]);
    });

    it('lets suppress win while still explaining the other matching rules', () => {
      const outcome = evaluate([
        aRule({ name: 'Prioritise', actions: { priority: 'High' } }),
        aRule({ name: 'Known noise', actions: { suppress: true } }),
        aRule({ name: 'Also noise', actions: { suppress: true } }),
        aRule({ name: 'Tag', actions: { labels: ['seen'] } }),
      ]);
      expect(outcome.suppressedBy).toBe('Known noise');
      expect(outcome.explanations).toEqual([
        "rule 'Prioritise' set priority High",
        "rule 'Known noise' suppressed the alert",
        "rule 'Tag' added label seen",
      ]);
    });

    it('leaves priority unset for the severity map when no rule sets it', () => {
      const outcome = evaluate([aRule({ actions: { category: 'malware', labels: ['x'] } })]);
      expect(outcome.priority).toBeUndefined();
    });
  });

  describe('the headline example: staff leaked credentials', () => {
    const staffRule = aRule({
      id: 'staff-leaked-credentials',
      name: 'Staff leaked credentials',
      conditions: [
        { type: 'groupTag', groups: ['Staff'] },
        { type: 'titleContains', text: 'leaked credentials' },
      ],
      actions: { priority: 'Highest' },
    });
    const rules = [staffRule, ...BUILTIN_RULES];

    it('gets priority Highest from the user rule and its category from the built-in', () => {
      const outcome = evaluate(
        rules,
        anAlert({ title: 'Leaked credentials', severity: 'high', groupTags: ['Staff'] }),
      );
      expect(outcome.priority).toEqual({ value: 'Highest', rule: 'Staff leaked credentials' });
      expect(outcome.category).toEqual({ value: 'compromised-user', rule: 'Leaked credentials' });
      expect(outcome.suppressedBy).toBeUndefined();
      expect(outcome.explanations).toEqual([
        "rule 'Staff leaked credentials' set priority Highest",
        "rule 'Leaked credentials' set category Compromised user",
      ]);
    });

    it('reads as one sentence when the user rule also sets the category', () => {
      const outcome = evaluate(
        [
          { ...staffRule, actions: { priority: 'Highest', category: 'compromised-user' } },
          ...BUILTIN_RULES,
        ],
        anAlert({ title: 'Leaked credentials', groupTags: ['Staff'] }),
      );
      expect(outcome.explanations).toEqual([
        "rule 'Staff leaked credentials' set priority Highest, category Compromised user",
      ]);
    });

    it('leaves priority to the severity map for a user outside Staff', () => {
      const outcome = evaluate(
        rules,
        anAlert({ title: 'Leaked credentials', groupTags: ['Contractors'] }),
      );
      expect(outcome.priority).toBeUndefined();
      expect(outcome.category?.value).toBe('compromised-user');
    });
  });
});
