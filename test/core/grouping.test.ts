import { adfToText } from '../../src/core/adf';
import type { GroupIssueFacts } from '../../src/core/grouping';
import { MAX_GROUPED_ALERTS, groupOf, mayJoin, withRepeat } from '../../src/core/grouping';
import type { AlertProperty } from '../../src/core/model';
import { buildRepeatComment, isRepeatCommentOf } from '../../src/core/repeat-comment';
import { evaluateRules } from '../../src/core/rules/engine';
import { Rule } from '../../src/core/rules/schema';
import { aFinding, aRule, anAlert } from './rules/factories';

const HOUR = 3_600_000;
const NOW = 1_700_000_000_000;

const property = (overrides: Partial<AlertProperty> = {}): AlertProperty => ({
  alertId: 'first',
  tenantId: 'contoso',
  severity: 'medium',
  timestamp: NOW - HOUR,
  ...overrides,
});

const openIssue = (overrides: Partial<GroupIssueFacts> = {}): GroupIssueFacts => ({
  resolved: false,
  created: NOW - HOUR,
  property: property(),
  ...overrides,
});

describe('groupOf', () => {
  it('puts alerts with the same title and users in one group, whatever the users order', () => {
    const first = groupOf(anAlert({ id: 'a', users: ['b@x.com', 'a@x.com'] }), 'titleAndUser');
    const repeat = groupOf(
      anAlert({ id: 'b', users: ['a@x.com', 'b@x.com'], timestamp: NOW }),
      'titleAndUser',
    );
    expect(repeat).toEqual(first);
    expect(first.digest).toMatch(/^[0-9a-f]{16}$/);
  });

  it('tells apart another title, another user and another tenant-less identity', () => {
    const base = groupOf(anAlert(), 'titleAndUser');
    expect(groupOf(anAlert({ title: 'Mass download' }), 'titleAndUser').digest).not.toBe(
      base.digest,
    );
    expect(groupOf(anAlert({ users: ['eve@contoso.com'] }), 'titleAndUser').digest).not.toBe(
      base.digest,
    );
  });

  it('groups Graph alerts by incident, and MCAS alerts (no incident) by title and user', () => {
    const one = groupOf(anAlert({ title: 'A', incidentId: '28282' }), 'incident');
    const other = groupOf(anAlert({ title: 'B', users: [], incidentId: '28282' }), 'incident');
    expect(other).toEqual(one);
    expect(groupOf(anAlert(), 'incident')).toEqual(groupOf(anAlert(), 'titleAndUser'));
  });
});

describe('mayJoin', () => {
  it('joins an open issue of the tenant younger than the window', () => {
    expect(mayJoin(openIssue(), 'contoso', 24, NOW)).toEqual({ join: true });
  });

  it.each([
    ['gone', undefined],
    ['resolved', openIssue({ resolved: true })],
    ['too old', openIssue({ created: NOW - 24 * HOUR })],
    ['not ours', openIssue({ property: property({ tenantId: 'fabrikam' }) })],
    ['not ours', openIssue({ property: undefined })],
    [
      'full',
      openIssue({
        property: property({
          groupedAlertIds: Array.from({ length: MAX_GROUPED_ALERTS }, (_, i) => `a${i}`),
        }),
      }),
    ],
  ])('does not join an issue that is %s', (reason, issue) => {
    expect(mayJoin(issue, 'contoso', 24, NOW)).toEqual({ join: false, reason });
  });

  it('honours a shorter window', () => {
    expect(mayJoin(openIssue({ created: NOW - 2 * HOUR }), 'contoso', 1, NOW).join).toBe(false);
  });
});

describe('withRepeat', () => {
  it('counts and records a repeat once, even when asked twice', () => {
    const once = withRepeat(property(), 'r1');
    expect(once).toMatchObject({ repeats: 1, groupedAlertIds: ['r1'] });
    const twice = withRepeat(withRepeat(once, 'r2'), 'r2');
    expect(twice).toMatchObject({ repeats: 2, groupedAlertIds: ['r1', 'r2'] });
  });
});

describe('the repeat comment', () => {
  it('carries the Defender link, the time, the verdicts and the marker of its alert', () => {
    const alert = anAlert({
      id: 'a1',
      url: 'https://contoso.portal.cloudappsecurity.com/#/alerts/a1',
      timestamp: Date.parse('2026-11-30T08:00:00Z'),
    });
    const comment = buildRepeatComment(alert, [aFinding({ abuseConfidenceScore: 97 })], 2, 'R');
    const body = adfToText(comment);
    expect(body).toContain('Repeat 2');
    expect(body).toContain('2026-11-30T08:00:00.000Z');
    expect(body).toContain('97');
    expect(JSON.stringify(comment)).toContain(
      '"href":"https://contoso.portal.cloudappsecurity.com/#/alerts/a1"',
    );
    expect(isRepeatCommentOf(comment, 'a1')).toBe(true);
    // A whole-line match: another alert whose id starts the same is not taken for it.
    expect(isRepeatCommentOf(comment, 'a')).toBe(false);
  });

  it('does not link an alert URL that is not on a Defender host', () => {
    const comment = buildRepeatComment(
      anAlert({ url: 'https://evil.example/alerts/1' }),
      [],
      1,
      'R',
    );
    expect(JSON.stringify(comment)).not.toContain('"href":"https://evil.example');
    expect(adfToText(comment)).toContain('not a Microsoft Defender address');
  });
});

describe('the "group repeats" action', () => {
  it('is taken from the first matching rule that sets it, with a 24 h default window', () => {
    const outcome = evaluateRules({
      rules: [
        aRule({ name: 'Group', actions: { group: { by: 'titleAndUser' } } }),
        aRule({ name: 'Later', actions: { group: { by: 'incident', windowHours: 2 } } }),
      ],
      userLists: [],
      alert: anAlert(),
      findings: [],
    });
    expect(outcome.group).toEqual({ by: 'titleAndUser', windowHours: 24, rule: 'Group' });
    expect(outcome.explanations).toEqual([
      "rule 'Group' grouped repeats by title and user for 24 h",
    ]);
  });

  it('refuses a window outside 1–168 hours', () => {
    const rule = aRule({ actions: { group: { by: 'titleAndUser', windowHours: 169 } } });
    expect(Rule.safeParse(rule).success).toBe(false);
    expect(Rule.safeParse({ ...rule, actions: { group: { by: 'titleAndUser' } } }).success).toBe(
      true,
    );
  });
});
