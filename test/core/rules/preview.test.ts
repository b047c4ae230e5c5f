import { BUILTIN_RULES } from '../../../src/core/rules/builtin';
import { previewRules } from '../../../src/core/rules/preview';
import type { Rule, UserList } from '../../../src/core/rules/schema';
import { aFinding, anAlert, aRule } from './factories';

const VIPS: UserList = { name: 'VIPs', entries: ['@board.contoso.com'] };

const RULES: Rule[] = [
  aRule({
    id: 'vip-tor',
    name: 'VIP from Tor',
    conditions: [{ type: 'userList', list: 'VIPs' }, { type: 'anyTor' }],
    actions: { priority: 'Highest', assignee: 'acc-soc-lead', labels: ['vip'] },
  }),
  aRule({
    id: 'lab-noise',
    name: 'Lab tenant noise',
    conditions: [{ type: 'tenant', tenantIds: ['lab'] }],
    actions: { suppress: true },
  }),
  ...BUILTIN_RULES,
];

describe('previewRules', () => {
  it('gives one row per alert, in order, saying what its issue would get and why', () => {
    const rows = previewRules(
      RULES,
      [VIPS],
      [
        {
          alert: anAlert({
            id: 'a1',
            title: 'Activity from a Tor IP address',
            severity: 'high',
            users: ['chair@board.contoso.com'],
          }),
          findings: [aFinding({ isTor: true })],
        },
        { alert: anAlert({ id: 'a2', tenantId: 'lab', title: 'Mass download' }), findings: [] },
        {
          alert: anAlert({ id: 'a3', title: 'Honeytoken activity', severity: 'low' }),
          findings: [],
        },
      ],
    );

    expect(rows).toEqual([
      {
        alertId: 'a1',
        tenantId: 'contoso',
        title: 'Activity from a Tor IP address',
        severity: 'high',
        matchedRules: ['VIP from Tor', 'Activity from a Tor IP address'],
        priority: 'Highest',
        category: 'Information gathering (Anonymous access)',
        labels: ['vip'],
        assignee: 'acc-soc-lead',
        explanation:
          "rule 'VIP from Tor' set priority Highest, assignee acc-soc-lead; added label vip; " +
          "rule 'Activity from a Tor IP address' set category Information gathering (Anonymous access)",
      },
      {
        alertId: 'a2',
        tenantId: 'lab',
        title: 'Mass download',
        severity: 'medium',
        matchedRules: ['Lab tenant noise', 'Mass download'],
        category: 'Data exfiltration',
        labels: [],
        suppressedBy: 'Lab tenant noise',
        explanation:
          "rule 'Lab tenant noise' suppressed the alert; " +
          "rule 'Mass download' set category Data exfiltration",
      },
      {
        alertId: 'a3',
        tenantId: 'contoso',
        title: 'Honeytoken activity',
        severity: 'low',
        matchedRules: [],
        labels: [],
        explanation: 'no rule matched; priority from the severity map',
      },
    ]);
  });

  it('lists a matching rule that changed nothing', () => {
    const rows = previewRules(
      [aRule({ name: 'Does nothing' })],
      [],
      [{ alert: anAlert(), findings: [] }],
    );
    expect(rows[0]?.matchedRules).toEqual(['Does nothing']);
    expect(rows[0]?.explanation).toBe(
      'matching rules changed nothing; priority from the severity map',
    );
  });

  it('matches a title pattern on every alert of the batch, not only the first', () => {
    const alerts = ['Impossible travel', 'Impossible travel', 'IMPOSSIBLE TRAVEL activity'].map(
      (title, i) => ({ alert: anAlert({ id: `a${i}`, title }), findings: [] }),
    );
    const rows = previewRules(BUILTIN_RULES, [], alerts);
    expect(rows.map((row) => row.category)).toEqual([
      'Compromised user',
      'Compromised user',
      'Compromised user',
    ]);
  });
});
