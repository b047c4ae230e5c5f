import type { IpFinding } from '../../../src/core/model';
import { describeCondition, evaluateRules, ruleMatches } from '../../../src/core/rules/engine';
import type { RuleCondition, UserList } from '../../../src/core/rules/schema';
import { aFinding, anAlert, aRule, ruleWith } from './factories';

const VIPS: UserList = { name: 'VIPs', entries: ['megan.bowen@contoso.com', '@board.contoso.com'] };

function matches(
  condition: RuleCondition,
  context: { alert?: Parameters<typeof anAlert>[0]; findings?: IpFinding[] } = {},
): boolean {
  return ruleMatches(ruleWith(condition), {
    userLists: [VIPS],
    alert: anAlert(context.alert),
    findings: context.findings ?? [],
  });
}

describe('rule conditions', () => {
  describe('tenant', () => {
    const condition: RuleCondition = { type: 'tenant', tenantIds: ['fabrikam', 'Contoso'] };
    it('holds for a listed tenant, whatever the case', () => {
      expect(matches(condition, { alert: { tenantId: 'contoso' } })).toBe(true);
    });
    it('does not hold for another tenant', () => {
      expect(matches(condition, { alert: { tenantId: 'northwind' } })).toBe(false);
    });
  });

  describe('minimum severity', () => {
    const condition: RuleCondition = { type: 'minSeverity', severity: 'medium' };
    it('holds at and above the threshold', () => {
      expect(matches(condition, { alert: { severity: 'medium' } })).toBe(true);
      expect(matches(condition, { alert: { severity: 'high' } })).toBe(true);
    });
    it('does not hold below it, informational being the lowest', () => {
      expect(matches(condition, { alert: { severity: 'low' } })).toBe(false);
      expect(matches(condition, { alert: { severity: 'informational' } })).toBe(false);
    });
  });

  describe('title contains', () => {
    const condition: RuleCondition = { type: 'titleContains', text: 'leaked credentials' };
    it('holds ignoring case', () => {
      expect(matches(condition, { alert: { title: 'Leaked Credentials' } })).toBe(true);
    });
    it('does not hold when the text is absent', () => {
      expect(matches(condition, { alert: { title: 'Impossible travel activity' } })).toBe(false);
    });
  });

  describe('title matches', () => {
    const condition: RuleCondition = { type: 'titleMatches', pattern: '^mass download\\b' };
    it('holds ignoring case', () => {
      expect(matches(condition, { alert: { title: 'MASS DOWNLOAD by a single user' } })).toBe(true);
    });
    it('does not hold when the pattern does not match', () => {
      expect(matches(condition, { alert: { title: 'Unusual mass download' } })).toBe(false);
    });
    it('treats a stored pattern that no longer compiles as no match instead of throwing', () => {
      const broken: RuleCondition = { type: 'titleMatches', pattern: '(unclosed[' };
      expect(() => matches(broken, { alert: { title: '(unclosed[' } })).not.toThrow();
      expect(matches(broken, { alert: { title: '(unclosed[' } })).toBe(false);
      const outcome = evaluateRules({
        rules: [
          aRule({ name: 'Broken', conditions: [broken], actions: { priority: 'Highest' } }),
          aRule({ name: 'Fallback', actions: { priority: 'Low' } }),
        ],
        userLists: [],
        alert: anAlert(),
        findings: [],
      });
      expect(outcome.priority).toEqual({ value: 'Low', rule: 'Fallback' });
    });
  });

  describe('policy', () => {
    const policy = { id: '5f1a2b3c4d5e6f7a8b9c0d1e', label: 'Block PNG files' };
    it('holds for the policy label, ignoring case', () => {
      expect(
        matches({ type: 'policy', policies: ['block png files'] }, { alert: { policy } }),
      ).toBe(true);
    });
    it('holds for the policy id', () => {
      expect(
        matches({ type: 'policy', policies: ['5F1A2B3C4D5E6F7A8B9C0D1E'] }, { alert: { policy } }),
      ).toBe(true);
    });
    it('does not hold for another policy or an alert without one', () => {
      const condition: RuleCondition = { type: 'policy', policies: ['Mass download policy'] };
      expect(matches(condition, { alert: { policy } })).toBe(false);
      expect(matches(condition)).toBe(false);
    });
  });

  describe('user group', () => {
    const condition: RuleCondition = { type: 'groupTag', groups: ['Staff'] };
    it('holds when any group tag is listed, ignoring case', () => {
      expect(matches(condition, { alert: { groupTags: ['External users', 'staff'] } })).toBe(true);
    });
    it('does not hold for other groups or none', () => {
      expect(matches(condition, { alert: { groupTags: ['Staffing agency'] } })).toBe(false);
      expect(matches(condition, { alert: { groupTags: [] } })).toBe(false);
    });
  });

  describe('user list', () => {
    const condition: RuleCondition = { type: 'userList', list: 'VIPs' };
    it('holds when any affected user is in the list', () => {
      expect(
        matches(condition, {
          alert: { users: ['alex.wilber@contoso.com', 'megan.bowen@contoso.com'] },
        }),
      ).toBe(true);
      expect(matches(condition, { alert: { users: ['chair@board.contoso.com'] } })).toBe(true);
    });
    it('finds the list by name ignoring case', () => {
      expect(
        matches(
          { type: 'userList', list: 'vips' },
          { alert: { users: ['megan.bowen@contoso.com'] } },
        ),
      ).toBe(true);
    });
    it('does not hold when no affected user is in the list', () => {
      expect(matches(condition, { alert: { users: ['alex.wilber@contoso.com'] } })).toBe(false);
      expect(matches(condition, { alert: { users: [] } })).toBe(false);
    });
    it('matches nobody for a list the project does not have', () => {
      expect(
        matches(
          { type: 'userList', list: 'Deleted list' },
          { alert: { users: ['megan.bowen@contoso.com'] } },
        ),
      ).toBe(false);
    });
  });

  describe('minimum abuse score', () => {
    const condition: RuleCondition = { type: 'minAbuseScore', score: 75 };
    it('holds when any verdict reaches the score', () => {
      const findings = [
        aFinding({ abuseConfidenceScore: 10 }),
        aFinding({ abuseConfidenceScore: 75 }),
      ];
      expect(matches(condition, { findings })).toBe(true);
    });
    it('does not hold below the score', () => {
      expect(matches(condition, { findings: [aFinding({ abuseConfidenceScore: 74 })] })).toBe(
        false,
      );
    });
    it('ignores pending and never-looked-up addresses', () => {
      const pending: IpFinding = {
        ...aFinding({ abuseConfidenceScore: 100 }),
        pending: true,
      };
      const unlookedUp: IpFinding = { ip: '10.0.0.5', range: 'private' };
      const awaiting: IpFinding = { ip: '198.51.100.9', range: 'public', pending: true };
      expect(matches(condition, { findings: [pending, unlookedUp, awaiting] })).toBe(false);
    });
  });

  describe('any Tor', () => {
    it('holds when any verdict is a Tor exit node', () => {
      const findings = [aFinding(), aFinding({ ip: '185.220.101.1', isTor: true })];
      expect(matches({ type: 'anyTor' }, { findings })).toBe(true);
    });
    it('does not hold without a Tor verdict', () => {
      expect(matches({ type: 'anyTor' }, { findings: [aFinding()] })).toBe(false);
      expect(matches({ type: 'anyTor' }, { findings: [] })).toBe(false);
    });
  });

  describe('country', () => {
    const condition: RuleCondition = { type: 'country', countries: ['ru', 'KP'] };
    it('holds when any verdict is in a listed country, ignoring case', () => {
      expect(matches(condition, { findings: [aFinding(), aFinding({ countryCode: 'RU' })] })).toBe(
        true,
      );
    });
    it('does not hold for other or unknown countries', () => {
      expect(matches(condition, { findings: [aFinding({ countryCode: 'DE' })] })).toBe(false);
      expect(matches(condition, { findings: [aFinding({ countryCode: null })] })).toBe(false);
    });
  });

  it('requires every condition of a rule to hold', () => {
    const rule = aRule({
      conditions: [
        { type: 'groupTag', groups: ['Staff'] },
        { type: 'minSeverity', severity: 'high' },
      ],
    });
    const context = { userLists: [], findings: [] };
    expect(
      ruleMatches(rule, { ...context, alert: anAlert({ groupTags: ['Staff'], severity: 'high' }) }),
    ).toBe(true);
    expect(
      ruleMatches(rule, { ...context, alert: anAlert({ groupTags: ['Staff'], severity: 'low' }) }),
    ).toBe(false);
  });

  it('judges a disabled rule on its conditions, so the editor can test a draft', () => {
    const draft = aRule({ enabled: false, conditions: [{ type: 'anyTor' }] });
    expect(
      ruleMatches(draft, {
        userLists: [],
        alert: anAlert(),
        findings: [aFinding({ isTor: true })],
      }),
    ).toBe(true);
  });
});

describe('describeCondition', () => {
  it.each<[RuleCondition, string]>([
    [{ type: 'titleContains', text: 'leaked credentials' }, "title contains 'leaked credentials'"],
    [
      { type: 'titleMatches', pattern: '\\bimpossible travel\\b' },
      'title matches /\\bimpossible travel\\b/',
    ],
    [{ type: 'tenant', tenantIds: ['contoso'] }, 'tenant is contoso'],
    [{ type: 'tenant', tenantIds: ['contoso', 'fabrikam'] }, 'tenant is one of contoso, fabrikam'],
    [{ type: 'minSeverity', severity: 'high' }, 'severity is at least high'],
    [{ type: 'policy', policies: ['Block PNG files'] }, "policy is 'Block PNG files'"],
    [{ type: 'groupTag', groups: ['Staff', 'Admins'] }, "user group is one of 'Staff', 'Admins'"],
    [{ type: 'userList', list: 'VIPs' }, "a user is in list 'VIPs'"],
    [{ type: 'minAbuseScore', score: 75 }, 'an IP has an abuse score of at least 75'],
    [{ type: 'anyTor' }, 'an IP is a Tor exit node'],
    [{ type: 'country', countries: ['de'] }, 'an IP is located in DE'],
    [{ type: 'country', countries: ['ru', 'KP'] }, 'an IP is located in one of RU, KP'],
  ])('describes %j', (condition, text) => {
    expect(describeCondition(condition)).toBe(text);
  });
});
