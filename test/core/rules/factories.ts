import type { Alert, IpFinding, IpVerdict } from '../../../src/core/model';
import type { Rule, RuleCondition } from '../../../src/core/rules/schema';

export function anAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: '603f704aaf7417985bbf3b22',
    tenantId: 'contoso',
    timestamp: 1_700_000_000_000,
    title: 'Honeytoken activity',
    description: 'An alert raised for the rule tests.',
    severity: 'medium',
    users: ['alex.wilber@contoso.com'],
    groupTags: [],
    ips: ['203.0.113.7'],
    ...overrides,
  };
}

export function aVerdict(overrides: Partial<IpVerdict> = {}): IpVerdict {
  return {
    ip: '203.0.113.7',
    abuseConfidenceScore: 0,
    totalReports: 0,
    numDistinctUsers: 0,
    countryCode: 'US',
    countryName: 'United States of America',
    usageType: 'Data Center/Web Hosting/Transit',
    isp: 'Example Hosting',
    domain: 'example.net',
    isTor: false,
    isWhitelisted: false,
    lastReportedAt: null,
    maxAgeInDays: 90,
    fetchedAt: 1_700_000_000_000,
    ...overrides,
  };
}

/** A public address with AbuseIPDB's verdict. */
export function aFinding(verdictOverrides: Partial<IpVerdict> = {}): IpFinding {
  const verdict = aVerdict(verdictOverrides);
  return { ip: verdict.ip, range: 'public', verdict };
}

export function aRule(overrides: Partial<Rule> = {}): Rule {
  return {
    id: 'rule-1',
    name: 'Test rule',
    enabled: true,
    conditions: [],
    actions: {},
    ...overrides,
  };
}

/** A rule with one condition, for checking that condition on its own. */
export function ruleWith(condition: RuleCondition): Rule {
  return aRule({ conditions: [condition] });
}
