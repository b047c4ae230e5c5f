/**
 * The Monday scenario end to end over real HTTP: three MCAS tenants, 15 weekend alerts, AbuseIPDB
 * and Jira simulators. Fifteen issues with the right fields, then none on the second run.
 */
import { adfToText } from '../../src/core/adf';
import { classifyIp } from '../../src/core/ip';
import { keys } from '../../src/core/storage-keys';
import { CachedTarget } from '../../src/sync/jira-target';
import { loadRecentAlerts } from '../../src/sync/recent-alerts';
import type { AlertReport } from '../../src/sync/sync-tenant';
import type { Harness } from './harness';
import { alertIdsOfIssues, startHarness, total } from './harness';

describe('the Monday scenario', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('creates one issue per alert, then nothing on the second run', async () => {
    const reports: AlertReport[] = [];
    const first = await harness.sync({ onAlert: (report) => reports.push(report) });
    expect(total(first, (s) => s.created)).toBe(15);
    expect(first.every((summary) => summary.status === 'ok')).toBe(true);
    expect(reports.filter((report) => report.outcome === 'created')).toHaveLength(15);

    const ids = alertIdsOfIssues(harness.sandbox);
    expect(new Set(ids).size).toBe(15);

    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(0);
    expect(harness.sandbox.jira.issues()).toHaveLength(15);
  });

  it('resolved the Jira target once for the three tenants synced side by side, and cached it', async () => {
    const calls = harness.sandbox.stats().jira.byRoute;
    // Both runs: the first resolved it (issue types, then the type's fields), the second found
    // it in the cache.
    expect(calls['GET /rest/api/3/issue/createmeta/:project/issuetypes']).toBe(1);
    expect(calls['GET /rest/api/3/issue/createmeta/:project/issuetypes/:typeId']).toBe(1);
    const cached = await harness.store.get(keys.jiraTarget(harness.config.projectId), CachedTarget);
    expect(cached?.target.projectId).toBe(harness.config.projectId);
  });

  it("keeps every tenant's alerts for the rule preview, though the tenants synced side by side", async () => {
    // One shared list, read and rewritten by each tenant at the same time, kept only the last
    // writer's alerts; each tenant now keeps its own, and the preview merges them.
    const recent = await loadRecentAlerts(harness.store, harness.config.projectId);
    expect(recent).toHaveLength(15);
    expect(new Set(recent.map(({ alert }) => alert.tenantId)).size).toBe(3);
  });

  it('fills the summary, mapped fields, labels and the mcas.alert property from the alert', () => {
    const alerts = Object.entries(harness.scenario.alertsByTenant);
    for (const issue of harness.sandbox.jira.issues()) {
      const property = issue.properties['mcas.alert'] as { alertId: string; tenantId: string };
      const raw = alerts
        .find(([tenantId]) => tenantId === property.tenantId)?.[1]
        .find((alert) => (alert as { _id: string })._id === property.alertId) as
        { title: string; URL?: string } | undefined;
      expect(raw).toBeDefined();
      expect(issue.fields.summary).toBe(raw?.title);
      expect(issue.fields.labels).toEqual(
        expect.arrayContaining(['mcas', `mcas-tenant-${property.tenantId}`]),
      );
      if (raw?.URL && raw.URL.startsWith('https://'))
        expect(issue.fields.customfield_10050).toBe(raw.URL);
      expect(issue.properties['mcas.enrichment']).toBeDefined();
    }
  });

  it("writes the Tor IP's verdict the way the original tool did", () => {
    const tor = harness.sandbox.jira
      .issues()
      .find((issue) => String(issue.fields.summary).includes('Tor IP address'));
    expect(tor).toBeDefined();
    const reported = adfToText(tor?.fields.customfield_10055);
    expect(reported).toContain(
      'The IP 150.129.8.24 was reported 261 times within 90 days — Country: NL — Usage type: Data Center/Web Hosting/Transit — ISP: LiteServer Holding B.V. — Abuse confidence: 100%',
    );
  });

  it('looks each distinct public IP up once and never sends a private one', () => {
    const lookups = harness.sandbox.abuseipdb.lookups();
    expect(new Set(lookups).size).toBe(lookups.length);
    expect(lookups.every((ip) => classifyIp(ip) === 'public')).toBe(true);
    expect(lookups.some((ip) => ip.includes(':'))).toBe(true);
  });

  it("gives the Staff member's leaked credentials the highest priority and the NIST category", () => {
    const leaked = harness.sandbox.jira
      .issues()
      .find((issue) => String(issue.fields.summary).toLowerCase().includes('leaked credentials'));
    expect(leaked?.fields.priority).toEqual(expect.objectContaining({ id: '1' }));
    expect(leaked?.fields.customfield_10056).toEqual(
      expect.objectContaining({ value: 'Compromised user' }),
    );
    expect(adfToText(leaked?.fields.description)).toContain(
      "rule 'Staff leaked credentials' set priority Highest",
    );
  });
});
