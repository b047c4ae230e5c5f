import { BUILTIN_RULES } from '../../../src/core/rules/builtin';
import { evaluateRules } from '../../../src/core/rules/engine';
import type { NistCategory, Rule as RuleType } from '../../../src/core/rules/schema';
import { Rule } from '../../../src/core/rules/schema';
import { anAlert } from './factories';

function categorise(title: string, rules: RuleType[] = BUILTIN_RULES) {
  return evaluateRules({ rules, userLists: [], alert: anAlert({ title }), findings: [] }).category;
}

describe('built-in rules', () => {
  it('are valid rules, enabled, with unique builtin- ids', () => {
    for (const rule of BUILTIN_RULES) {
      expect(Rule.safeParse(rule).success).toBe(true);
      expect(rule.id).toMatch(/^builtin-[a-z-]+$/);
      expect(rule.enabled).toBe(true);
    }
    expect(new Set(BUILTIN_RULES.map((rule) => rule.id)).size).toBe(BUILTIN_RULES.length);
  });

  it('set only the category, so priority still comes from the severity map', () => {
    for (const rule of BUILTIN_RULES) {
      expect(Object.keys(rule.actions).sort()).toEqual(
        rule.actions.subCategory === undefined ? ['category'] : ['category', 'subCategory'],
      );
    }
  });

  const categorised: Array<{ title: string; category: NistCategory; subCategory?: string }> = [
    { title: 'Impossible travel activity', category: 'compromised-user' },
    { title: 'Impossible travel', category: 'compromised-user' },
    { title: 'Activity from infrequent country', category: 'compromised-user' },
    { title: 'Activity from an infrequent country', category: 'compromised-user' },
    { title: 'Risky sign-in: anonymous IP address', category: 'compromised-user' },
    { title: 'Risky sign-in: unfamiliar sign-in properties', category: 'compromised-user' },
    { title: 'Risky signin detected', category: 'compromised-user' },
    { title: 'Leaked credentials', category: 'compromised-user' },
    { title: 'Leaked credential detected for user', category: 'compromised-user' },
    { title: 'Suspicious inbox forwarding', category: 'compromised-user' },
    { title: 'Suspicious inbox forwarding rule', category: 'compromised-user' },
    { title: 'Suspicious inbox manipulation rule', category: 'compromised-user' },
    {
      title: 'Activity from a Tor IP address',
      category: 'information-gathering',
      subCategory: 'Anonymous access',
    },
    {
      title: 'Activity from a TOR IP address',
      category: 'information-gathering',
      subCategory: 'Anonymous access',
    },
    {
      title: 'Activity from anonymous IP addresses',
      category: 'information-gathering',
      subCategory: 'Anonymous access',
    },
    {
      title: 'Activity from an anonymous proxy IP address',
      category: 'information-gathering',
      subCategory: 'Anonymous access',
    },
    {
      title: 'Multiple failed login attempts',
      category: 'information-gathering',
      subCategory: 'Brute force',
    },
    {
      title: 'Multiple failed user log on attempts to an app',
      category: 'information-gathering',
      subCategory: 'Brute force',
    },
    {
      title: 'Multiple failed sign-in attempts',
      category: 'information-gathering',
      subCategory: 'Brute force',
    },
    { title: 'Mass download by a single user', category: 'data-exfiltration' },
    { title: 'Mass download', category: 'data-exfiltration' },
    { title: 'Unusual file share activity', category: 'data-exfiltration' },
    { title: 'Unusual file share activity (by user)', category: 'data-exfiltration' },
    { title: 'Unusual file download (by user)', category: 'data-exfiltration' },
    { title: 'Ransomware activity', category: 'malware' },
    { title: 'Malware detected', category: 'malware' },
    { title: 'Malware detection', category: 'malware' },
    { title: 'Misleading OAuth app name', category: 'compromised-app' },
    { title: 'Misleading publisher name for an OAuth app', category: 'compromised-app' },
    { title: 'Suspicious OAuth app file download activities', category: 'compromised-app' },
    { title: 'Multiple delete VM activities', category: 'compromised-server' },
    { title: 'Unusual administrative activity (by user)', category: 'privilege-escalation' },
    { title: 'Unusual administrative activity', category: 'privilege-escalation' },
  ];

  it.each(categorised)('categorises "$title" as $category', ({ title, category, subCategory }) => {
    const outcome = categorise(title);
    expect(outcome?.value).toBe(category);
    expect(outcome?.subCategory).toBe(subCategory);
  });

  it.each([
    'Honeytoken activity',
    'block png files',
    'Suspicious execution of hidden file',
    'Possible travel to a new office',
    'Unusual file deletion activity (by user)',
    'Multiple VM creation activities',
    'Torrent client activity',
  ])('leaves "%s" uncategorised', (title) => {
    expect(categorise(title)).toBeUndefined();
  });

  it('keeps the sign-in rule ahead of the anonymous-IP rule, which also matches its title', () => {
    const title = 'Risky sign-in: anonymous IP address';
    const signIn = BUILTIN_RULES.findIndex((rule) => rule.id === 'builtin-risky-sign-in');
    const anonymous = BUILTIN_RULES.findIndex((rule) => rule.id === 'builtin-anonymous-ip');
    expect(signIn).toBeGreaterThanOrEqual(0);
    expect(signIn).toBeLessThan(anonymous);

    const anonymousRule = BUILTIN_RULES[anonymous];
    if (anonymousRule === undefined) throw new Error('anonymous-IP rule missing');
    expect(categorise(title, [anonymousRule])?.value).toBe('information-gathering');
    expect(categorise(title)).toEqual({ value: 'compromised-user', rule: 'Risky sign-in' });
  });
});
