import { NONE, buildReport } from '../../../src/core/reports/aggregate';
import type { ReportIssue } from '../../../src/core/reports/model';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

function issue(overrides: Partial<ReportIssue> = {}): ReportIssue {
  return {
    key: 'SEC-1',
    created: at('2026-11-30T09:00:00Z'),
    title: 'Impossible travel activity',
    severity: 'medium',
    tenantId: 'contoso',
    category: 'compromised-user',
    users: ['alice@contoso.com'],
    ips: [],
    ...overrides,
  };
}

const options = {
  projectKey: 'SEC',
  period: 'day' as const,
  buckets: 3,
  now: at('2026-11-30T12:00:00Z'),
  maliciousThreshold: 75,
};

describe('buildReport', () => {
  it('counts issues per bucket by created date and leaves out those outside the range', () => {
    const report = buildReport(
      [
        issue({ key: 'SEC-1', created: at('2026-11-28T00:00:00Z') }),
        issue({ key: 'SEC-2', created: at('2026-11-30T08:00:00Z') }),
        issue({ key: 'SEC-3', created: at('2026-11-30T09:00:00Z') }),
        issue({ key: 'SEC-4', created: at('2026-11-27T23:59:59Z') }),
      ],
      options,
    );
    expect(report.buckets.map((b) => b.created.count)).toEqual([1, 0, 2]);
    expect(report.total.count).toBe(3);
    expect(report.buckets[2]?.created.jql).toBe(
      'project = "SEC" AND created >= "2026-11-30 00:00" AND created < "2026-12-01 00:00"',
    );
    expect(report.total.jql).toBe(
      'project = "SEC" AND created >= "2026-11-28 00:00" AND created < "2026-12-01 00:00"',
    );
  });

  it('stacks by severity (high first), tenant, category and triage outcome, each with its JQL', () => {
    const report = buildReport(
      [
        issue({ severity: 'low' }),
        issue({ severity: 'high', tenantId: 'fabrikam', category: undefined }),
        issue({ severity: 'high', resolution: 'Done', resolved: at('2026-11-30T10:00:00Z') }),
      ],
      options,
    );
    const today = report.buckets[2];
    expect(today?.stacks.severity.map((s) => [s.key, s.count])).toEqual([
      ['high', 2],
      ['low', 1],
    ]);
    expect(today?.stacks.tenant.map((s) => [s.key, s.count])).toEqual([
      ['contoso', 2],
      ['fabrikam', 1],
    ]);
    expect(today?.stacks.category.find((s) => s.key === NONE)?.jql).toMatch(
      / AND mcasCategory is EMPTY$/,
    );
    expect(today?.stacks.severity[0]?.jql).toMatch(/ AND mcasSeverity = "high"$/);
    expect(today?.stacks.outcome.map((s) => [s.key, s.count, s.jql.split(' AND ').pop()])).toEqual([
      ['Unresolved', 2, 'resolution = Unresolved'],
      ['Done', 1, 'resolution = "Done"'],
    ]);
    expect(report.stackKeys.severity).toEqual(['high', 'low']);
  });

  it('counts open issues by created bucket and resolved ones by resolution bucket', () => {
    const report = buildReport(
      [
        // Created before the range, resolved in it: counts as resolved, not as created.
        issue({
          created: at('2026-11-20T00:00:00Z'),
          resolution: 'Done',
          resolved: at('2026-11-29T00:00:00Z'),
        }),
        issue({ created: at('2026-11-29T06:00:00Z') }),
        issue({
          created: at('2026-11-29T06:00:00Z'),
          resolution: "Won't Do",
          resolved: at('2026-11-30T06:00:00Z'),
        }),
      ],
      options,
    );
    expect(report.buckets.map((b) => [b.created.count, b.open.count, b.resolved.count])).toEqual([
      [0, 0, 0],
      [2, 1, 1],
      [0, 0, 1],
    ]);
    expect(report.buckets[1]?.resolved.jql).toBe(
      'project = "SEC" AND resolved >= "2026-11-29 00:00" AND resolved < "2026-11-30 00:00"',
    );
    expect(report.buckets[1]?.open.jql).toMatch(/ AND resolution = Unresolved$/);
  });

  it('gives the median and 90th percentile time to resolve of each bucket', () => {
    const resolvedAt = at('2026-11-30T11:00:00Z');
    const hours = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const report = buildReport(
      hours.map((h) =>
        issue({ created: resolvedAt - h * HOUR, resolution: 'Done', resolved: resolvedAt }),
      ),
      options,
    );
    expect(report.buckets[2]?.ttrMedianMs).toBe(5 * HOUR);
    expect(report.buckets[2]?.ttrP90Ms).toBe(9 * HOUR);
    expect(report.buckets[0]?.ttrMedianMs).toBeNull();
  });

  it('lists top users and titles by count and IPs by abuse score, each row with its search', () => {
    const report = buildReport(
      [
        issue({
          users: ['bob@contoso.com', 'alice@contoso.com'],
          ips: [{ ip: '1.2.3.4', score: 40 }],
        }),
        issue({
          users: ['alice@contoso.com'],
          title: 'Mass download',
          ips: [{ ip: '5.6.7.8', score: 100 }],
        }),
        issue({ users: ['alice@contoso.com'], ips: [{ ip: '1.2.3.4', score: 55 }] }),
      ],
      { ...options, topSize: 1 },
    );
    expect(report.top.users).toEqual([
      expect.objectContaining({ key: 'alice@contoso.com', count: 3 }),
    ]);
    expect(report.top.users[0]?.jql).toMatch(/ AND mcasUser = "alice@contoso.com"$/);
    expect(report.top.titles[0]).toMatchObject({ key: 'Impossible travel activity', count: 2 });
    expect(report.top.titles[0]?.jql).toMatch(/ AND summary ~ "\\"Impossible travel activity\\""$/);
    expect(report.top.ips[0]).toMatchObject({ key: '5.6.7.8', count: 1, score: 100 });
    expect(report.top.ips[0]?.jql).toMatch(/ AND mcasIp = "5.6.7.8"$/);
  });

  it('gives the share of alerts whose highest abuse score reaches the threshold', () => {
    const report = buildReport(
      [
        issue({ maxAbuseScore: 75 }),
        issue({ maxAbuseScore: 74 }),
        issue({ maxAbuseScore: 100 }),
        issue({}),
      ],
      options,
    );
    expect(report.malicious).toMatchObject({ threshold: 75, count: 2, share: 0.5 });
    expect(report.malicious.jql).toMatch(/ AND mcasAbuseScore >= 75$/);
  });

  it('answers an empty report for no issues', () => {
    const report = buildReport([], { ...options, period: 'month', buckets: 12 });
    expect(report.buckets).toHaveLength(12);
    expect(report.total.count).toBe(0);
    expect(report.malicious.share).toBe(0);
  });
});
