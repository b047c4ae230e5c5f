/**
 * AbuseIPDB at its daily quota, over HTTP against the simulators: a spent quota is remembered
 * until AbuseIPDB's reset (no probe from any run or from the issue panel before it), owed
 * verdicts are drained by distinct address with the most severe alerts first, and filling an
 * issue costs one Jira call (a second only for a comment that says something).
 */
import { RateLimitError } from '../../src/clients/errors';
import { createAbuseIpdbClient } from '../../src/clients/abuseipdb';
import { keys } from '../../src/core/storage-keys';
import { lookUpFindings } from '../../src/sync/requery';
import { PendingVerdicts } from '../../src/sync/pending-verdicts';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { SANDBOX_ABUSEIPDB_KEY } from '../../sandbox/scenarios/seed';
import { silentLogger } from '../../src/ports';
import type { Harness } from './harness';
import { passAbuseIpdbReset, startHarness, total } from './harness';
import { rawAlert, singleTenant } from './factories';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** An MCAS alert whose only address is `ip`; MCAS severityValue 0 low, 1 medium, 2 high. */
function alertWith(ip: string, severityValue: number) {
  return rawAlert({
    severityValue,
    description: `Sign-in from ${ip}.`,
    entities: [{ type: 'ip', id: ip, label: ip }],
  });
}

const abuseCalls = (h: Harness) => h.sandbox.stats().abuseipdb.calls;
const stillPending = (h: Harness) =>
  h.sandbox.jira
    .issues()
    .filter((issue) =>
      JSON.stringify(issue.properties['mcas.enrichment']).includes('"pending":true'),
    )
    .map((issue) => issue.key);

describe('a spent AbuseIPDB quota is remembered until its reset', () => {
  it('sends no AbuseIPDB call after a 429 until the reset, then resumes and fills the issues', async () => {
    harness = await startHarness({
      scenario: singleTenant([
        alertWith('52.10.0.1', 1),
        alertWith('52.10.0.2', 1),
        alertWith('52.10.0.3', 1),
      ]),
    });
    harness.sandbox.abuseipdb.setQuota(0);
    const resetAt = harness.sandbox.abuseipdb.quota().resetAt * 1000;

    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(3);
    // One refused call, not one per address in flight.
    expect(abuseCalls(harness)).toBe(1);
    // Retry-After counts whole seconds from the answer, so the time said is the reset or just after.
    const resumesAt = (summaries: typeof first) =>
      summaries
        .flatMap((s) => s.errors)
        .map((e) => /look-ups resume at (\S+Z)/.exec(e.message)?.[1])
        .filter((at): at is string => at !== undefined)
        .map((at) => Date.parse(at));
    const [said] = resumesAt(first);
    expect(said).toBeGreaterThanOrEqual(resetAt);
    expect(said).toBeLessThanOrEqual(resetAt + 2_000);

    // Later runs before the reset, with new alerts and owed verdicts: not one probe.
    harness.sandbox.mcas.addAlerts('contoso', [alertWith('52.10.0.4', 2)]);
    harness.clock.advance(60 * 60_000);
    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(1);
    harness.clock.advance(Math.max(0, resetAt - 60_000 - harness.clock.now()));
    const third = await harness.sync();
    expect(abuseCalls(harness)).toBe(1);
    expect(resumesAt(third)).toEqual([said]);
    expect(stillPending(harness)).toHaveLength(4);

    // After the reset the look-ups resume and every owed verdict is filled.
    passAbuseIpdbReset(harness);
    const after = await harness.sync();
    expect(total(after, (s) => s.verdictsFilled)).toBe(4);
    expect(abuseCalls(harness)).toBe(1 + 4);
    expect(stillPending(harness)).toHaveLength(0);
  });

  it('learns a spent quota from X-RateLimit-Remaining: 0 without a single refused call', async () => {
    harness = await startHarness({
      scenario: singleTenant(
        ['52.11.0.1', '52.11.0.2', '52.11.0.3', '52.11.0.4'].map((ip) => alertWith(ip, 1)),
      ),
    });
    harness.sandbox.abuseipdb.setQuota(2);
    await harness.sync();
    await harness.sync();
    // Two answered checks, no refusal in either run.
    expect(harness.sandbox.abuseipdb.lookups()).toHaveLength(2);
    expect(abuseCalls(harness)).toBe(2);
    expect(stillPending(harness)).toHaveLength(2);
  });

  it("the issue panel's look-up sends no probe while the quota is spent, and says when it resets", async () => {
    harness = await startHarness({ scenario: singleTenant([alertWith('52.12.0.1', 1)]) });
    harness.sandbox.abuseipdb.setQuota(0);
    await harness.sync();
    const calls = abuseCalls(harness);
    const client = createAbuseIpdbClient({
      http: harness.deps.http,
      clock: harness.clock,
      logger: silentLogger,
      apiKey: SANDBOX_ABUSEIPDB_KEY,
      baseUrl: harness.sandbox.abuseipdb.url,
    });
    const recheck = lookUpFindings(
      ['52.12.0.1'],
      {
        projectId: DEMO_PROJECT_ID,
        store: harness.store,
        clock: harness.clock,
        logger: silentLogger,
        abuseIpdb: client,
        settings: harness.config.abuseipdb,
      },
      { bypassCache: true },
    );
    await expect(recheck).rejects.toBeInstanceOf(RateLimitError);
    await expect(recheck).rejects.toThrow(/look-ups resume at/);
    expect(abuseCalls(harness)).toBe(calls);
  });
});

describe('owed verdicts are drained by distinct address', () => {
  it('asks the most severe alerts’ address first, and one look-up fills every issue with it', async () => {
    // The low-severity alert is owed first (lowest alert id, oldest entry).
    harness = await startHarness({
      scenario: singleTenant([
        alertWith('52.20.0.1', 0),
        alertWith('52.20.0.2', 2),
        alertWith('52.20.0.2', 2),
        alertWith('52.20.0.2', 1),
      ]),
    });
    harness.sandbox.abuseipdb.setQuota(0);
    await harness.sync();
    expect(stillPending(harness)).toHaveLength(4);

    passAbuseIpdbReset(harness);
    harness.sandbox.abuseipdb.quota();
    harness.sandbox.abuseipdb.setQuota(1);
    const [summary] = await harness.sync();
    expect(harness.sandbox.abuseipdb.lookups().slice(-1)).toEqual(['52.20.0.2']);
    expect(summary?.verdictsFilled).toBe(3);
    const lowIssue = harness.sandbox.jira
      .issues()
      .find((issue) => JSON.stringify(issue.properties['mcas.enrichment']).includes('52.20.0.1'));
    expect(stillPending(harness)).toEqual([lowIssue?.key]);
    const owed = await harness.store.query(
      keys.pendingPrefix({ projectId: DEMO_PROJECT_ID, tenantId: 'contoso' }),
      PendingVerdicts,
    );
    expect(owed.entries.map(({ value }) => value.ips)).toEqual([['52.20.0.1']]);
  });
});

describe('Jira calls per filled issue', () => {
  it('fills an issue in one edit (field and property together), plus a comment only for a reported address', async () => {
    harness = await startHarness({
      scenario: singleTenant([
        alertWith('52.30.0.1', 1),
        alertWith('52.30.0.1', 1),
        alertWith('52.30.0.1', 1),
        alertWith('52.30.0.2', 1),
      ]),
    });
    const clean = { abuseConfidenceScore: 0, totalReports: 0, numDistinctUsers: 0, isTor: false };
    harness.sandbox.abuseipdb.setVerdict('52.30.0.1', clean);
    harness.sandbox.abuseipdb.setVerdict('52.30.0.2', {
      ...clean,
      abuseConfidenceScore: 87,
      totalReports: 261,
    });
    harness.sandbox.abuseipdb.setQuota(0);
    await harness.sync();
    passAbuseIpdbReset(harness);

    const before = harness.sandbox.stats().jira.byRoute;
    const [summary] = await harness.sync();
    const after = harness.sandbox.stats().jira.byRoute;
    const calls = (route: string) => (after[route] ?? 0) - (before[route] ?? 0);
    expect(summary?.verdictsFilled).toBe(4);

    const issueWrites = [
      'PUT /rest/api/3/issue/:key',
      'GET /rest/api/3/issue/:key/properties/:property',
      'PUT /rest/api/3/issue/:key/properties/:property',
      'POST /rest/api/3/issue/:key/comment',
    ].reduce((sum, route) => sum + calls(route), 0);
    // 4 edits + 1 comment (the reported address): 1.25 calls per filled issue.
    expect(issueWrites).toBe(5);
    expect(calls('PUT /rest/api/3/issue/:key')).toBe(4);
    expect(calls('POST /rest/api/3/issue/:key/comment')).toBe(1);

    for (const issue of harness.sandbox.jira.issues()) {
      const enrichment = JSON.stringify(issue.properties['mcas.enrichment']);
      expect(enrichment).not.toContain('"pending":true');
      expect(enrichment).toContain('"abuseConfidenceScore"');
      // The mapped Reported IPs field (customfield_10055 in the demo project) was set in the edit.
      expect(JSON.stringify(issue.fields.customfield_10055)).toContain('was reported');
    }
  });
});

describe('a backlog at the daily quota', () => {
  it('fills every owed verdict in as many quota windows as its distinct addresses need, with no refused call', async () => {
    // 100 alerts over 20 distinct public addresses; 5 checks a day. The first run's 5 checks
    // answer 5 addresses; the other 15 need exactly 3 more windows.
    const alerts = Array.from({ length: 100 }, (_, i) => alertWith(`52.40.0.${i % 20}`, i % 3));
    harness = await startHarness({
      scenario: singleTenant(alerts),
      sandbox: { abuseIpdbDailyLimit: 5 },
    });
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(100);
    expect(stillPending(harness)).toHaveLength(75);

    let windows = 0;
    while (stillPending(harness).length > 0 && windows < 10) {
      passAbuseIpdbReset(harness);
      windows += 1;
      // Several runs inside one window, as the five-minute schedule makes them.
      for (let run = 0; run < 3; run += 1) await harness.sync();
    }
    expect(windows).toBe(3);
    // Each address asked once, and not one call refused in four windows.
    expect(harness.sandbox.abuseipdb.lookups()).toHaveLength(20);
    expect(abuseCalls(harness)).toBe(20);
  });
});
