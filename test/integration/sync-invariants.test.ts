/**
 * The invariants of docs/architecture.md, each proved over real HTTP against the simulators:
 * exactly once, nothing lost, one failure never stops the rest, calls near the floor.
 */
import { keys } from '../../src/core/storage-keys';
import { Claim } from '../../src/core/model';
import { STALE_CLAIM_MS, syncTenant } from '../../src/sync/sync-tenant';
import { loadClaim, saveClaim } from '../../src/sync/repository';
import { DEMO_PROJECT_ID, demoProjectConfig } from '../../sandbox/cli/demo-project';
import type { Harness } from './harness';
import {
  alertIdsOfIssues,
  nextDrainSlot,
  passAbuseIpdbReset,
  startHarness,
  total,
} from './harness';
import { rawAlert, singleTenant } from './factories';

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('paging and checkpoints', () => {
  it('creates 250 alerts in 3 pages exactly once, with timestamps shared across a page boundary', async () => {
    const base = Date.now() - 86_400_000;
    // Alerts 95–104 share one millisecond, so the first page ends in the middle of them.
    const alerts = Array.from({ length: 250 }, (_, index) =>
      rawAlert({ timestamp: index >= 95 && index < 105 ? base + 95_000 : base + index * 1000 }),
    );
    harness = await startHarness({ scenario: singleTenant(alerts) });
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(250);
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(harness.sandbox.stats().mcas.calls).toBe(3);
    // Creates are batched across pages: ⌈250 / 50⌉ bulk calls, however the pages split.
    expect(harness.sandbox.stats().jira.byRoute['POST /rest/api/3/issue/bulk']).toBe(5);

    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(0);
    expect(harness.sandbox.jira.issues()).toHaveLength(250);
  });

  it('loses no open alert when an analyst resolves alerts of an earlier page during the run', async () => {
    const base = Date.now() - 86_400_000;
    const alerts = Array.from({ length: 150 }, (_, index) =>
      rawAlert({ timestamp: base + index * 1000 }),
    );
    harness = await startHarness({ scenario: singleTenant(alerts) });
    const sandbox = harness.sandbox;
    let resolved = false;
    await harness.sync({
      onAlert: () => {
        if (resolved) return;
        resolved = true;
        // While page 1 is being turned into issues, three of its alerts are resolved in MCAS:
        // the open set shrinks by three under the run.
        sandbox.mcas.addAlerts(
          'contoso',
          alerts.slice(0, 3).map((alert) => ({ ...alert, resolutionStatusValue: 2 })),
        );
      },
    });
    const ids = new Set(alertIdsOfIssues(sandbox));
    expect(ids.size).toBe(150);
    expect(alerts.every((alert) => ids.has(alert._id))).toBe(true);
  });

  it('picks up an alert that arrives later with the same timestamp as the checkpoint', async () => {
    const at = Date.now() - 60_000;
    const first = rawAlert({ timestamp: at });
    harness = await startHarness({ scenario: singleTenant([first]) });
    await harness.sync();
    harness.sandbox.mcas.addAlerts('contoso', [rawAlert({ timestamp: at })]);
    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(1);
    // The first alert is the source's re-read of the checkpoint's boundary: neither fetched nor
    // a "duplicate skipped" (it was noise on every tenant of every run).
    expect(total(second, (s) => s.fetched)).toBe(1);
    expect(total(second, (s) => s.duplicates)).toBe(0);
    expect(new Set(alertIdsOfIssues(harness.sandbox)).size).toBe(2);
  });
});

describe('faults on every service', () => {
  it('ends with the same issues despite 429s, 5xx, dropped connections and latency', async () => {
    harness = await startHarness({
      sandbox: {
        faults: {
          mcas: { every429: 3, latencyMs: 20, retryAfterSeconds: 1 },
          abuseipdb: { every5xx: 4, everyDrop: 7, latencyMs: 20 },
          jira: { every429: 4, every5xx: 5, everyDrop: 9, latencyMs: 20, retryAfterSeconds: 1 },
        },
      },
    });
    // A create whose connection dropped may or may not have reached Jira: the claim stays open
    // and a later run reconciles it by search once it is stale. Runs continue until settled.
    for (let run = 0; run < 6 && harness.sandbox.jira.issues().length < 15; run += 1) {
      await harness.sync();
      harness.clock.advance(STALE_CLAIM_MS + 1000);
    }
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(ids).toHaveLength(15);
    expect(new Set(ids).size).toBe(15);
    const again = await harness.sync();
    expect(total(again, (s) => s.created)).toBe(0);
  });
});

describe('AbuseIPDB quota', () => {
  it('creates every issue when the quota runs out mid-run and fills the pending verdicts next run', async () => {
    harness = await startHarness();
    harness.sandbox.abuseipdb.setQuota(3);
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(15);
    expect(total(first, (s) => s.pendingVerdicts)).toBeGreaterThan(0);
    expect(first.some((s) => s.errors.some((e) => /quota/i.test(e.message)))).toBe(true);
    const pendingIssues = harness.sandbox.jira
      .issues()
      .filter((issue) =>
        JSON.stringify(issue.properties['mcas.enrichment']).includes('"pending":true'),
      );
    expect(pendingIssues.length).toBeGreaterThan(0);

    // The spent quota is remembered until AbuseIPDB's reset, so the verdicts come after it.
    passAbuseIpdbReset(harness);
    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(0);
    expect(total(second, (s) => s.verdictsFilled)).toBe(pendingIssues.length);
    for (const before of pendingIssues) {
      const after = harness.sandbox.jira.issues().find((issue) => issue.key === before.key);
      expect(JSON.stringify(after?.properties['mcas.enrichment'])).not.toContain('"pending":true');
      // At most one comment, and only for a verdict that says something (pending-verdicts.ts).
      expect(after?.comments.length).toBeLessThanOrEqual(1);
      // The indexed mcasAbuseScore (reports) follows the verdicts that arrived late.
      const scores = (
        after?.properties['mcas.enrichment'] as {
          findings: { verdict?: { abuseConfidenceScore: number } }[];
        }
      ).findings.flatMap((f) => (f.verdict ? [f.verdict.abuseConfidenceScore] : []));
      expect((after?.properties['mcas.alert'] as { maxAbuseScore?: number }).maxAbuseScore).toBe(
        Math.max(...scores),
      );
    }
  });
});

describe('AbuseIPDB outage', () => {
  it('stops asking once AbuseIPDB is down, creates every issue and owes the verdicts', async () => {
    harness = await startHarness({ sandbox: { faults: { abuseipdb: { every5xx: 1 } } } });
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(15);
    expect(total(first, (s) => s.pendingVerdicts)).toBeGreaterThan(0);
    // The client retries a failing call (5 attempts); after that the run stops asking: at most
    // the look-ups already in flight (5 at a time) pay for the outage, not every address.
    expect(harness.sandbox.stats().abuseipdb.calls).toBeLessThanOrEqual(5 * 5 * 3);
    expect(first.some((s) => s.errors.some((e) => /AbuseIPDB unavailable/.test(e.message)))).toBe(
      true,
    );

    harness.sandbox.setFaults('abuseipdb', undefined);
    // A later scheduled run: a project drains owed verdicts once per five-minute slot.
    nextDrainSlot(harness);
    const second = await harness.sync();
    expect(total(second, (s) => s.verdictsFilled)).toBeGreaterThan(0);
    const stillPending = harness.sandbox.jira
      .issues()
      .filter((issue) =>
        JSON.stringify(issue.properties['mcas.enrichment']).includes('"pending":true'),
      );
    expect(stillPending).toHaveLength(0);
  });

  it('completes an owed issue even when its Reported IPs field has left the screen, and says so', async () => {
    harness = await startHarness({ scenario: singleTenant([rawAlert()]) });
    harness.sandbox.abuseipdb.setQuota(0);
    await harness.sync();
    harness.sandbox.jira.configureProject('SEC', {
      hiddenFields: { '10001': ['customfield_10055'] },
    });
    passAbuseIpdbReset(harness);
    const [summary] = await harness.sync();
    expect(summary?.verdictsFilled).toBe(1);
    expect(summary?.errors.some((e) => e.message.includes('Reported IPs'))).toBe(true);
    const [issue] = harness.sandbox.jira.issues();
    expect(JSON.stringify(issue?.properties['mcas.enrichment'])).not.toContain('"pending":true');
  });
});

describe('one failure never stops the others', () => {
  it('creates the other issues when Jira refuses one, reports it and retries it next run', async () => {
    harness = await startHarness();
    harness.sandbox.jira.rejectWhen((fields) =>
      String(fields.summary).includes('Mass download')
        ? { summary: 'Summary is not allowed here.' }
        : false,
    );
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(14);
    expect(total(first, (s) => s.rejected)).toBe(1);
    const error = first
      .flatMap((s) => s.errors)
      .find((e) => e.message.includes('Summary is not allowed here.'));
    expect(error?.alertId).toBeDefined();

    harness.sandbox.jira.rejectWhen(undefined);
    const second = await harness.sync();
    expect(total(second, (s) => s.created)).toBe(1);
    expect(new Set(alertIdsOfIssues(harness.sandbox)).size).toBe(15);
  });

  it('parks an alert Jira keeps refusing after the bounded attempts so the checkpoint can move on', async () => {
    harness = await startHarness({
      scenario: singleTenant([rawAlert({ title: 'Refused' }), rawAlert()]),
    });
    harness.sandbox.jira.rejectWhen((fields) =>
      fields.summary === 'Refused' ? { summary: 'No.' } : false,
    );
    for (let run = 0; run < 5; run += 1) await harness.sync();
    const failed = await harness.store.query(keys.alertPrefix(CONTOSO), Claim);
    expect(failed.entries.filter(({ value }) => value.state === 'failed')).toHaveLength(1);
    expect(harness.sandbox.jira.issues()).toHaveLength(1);
  });

  it('retries a parked alert by hand, and keeps it parked while MCAS cannot return it', async () => {
    harness = await startHarness({ scenario: singleTenant([rawAlert({ title: 'Refused' })]) });
    harness.sandbox.jira.rejectWhen((fields) =>
      fields.summary === 'Refused' ? { summary: 'No.' } : false,
    );
    for (let run = 0; run < 5; run += 1) await harness.sync();
    harness.sandbox.jira.rejectWhen(undefined);
    const [parked] = (await harness.store.query(keys.alertPrefix(CONTOSO), Claim)).entries;
    const alertId = parked?.key.split(':').at(-1) ?? '';
    expect(parked?.value.state).toBe('failed');

    const retry = (ids: string[]) =>
      syncTenant({ ...CONTOSO, trigger: 'retry', alertIds: ids }, harness!.deps);
    harness.sandbox.setFaults('mcas', { every5xx: 1 });
    const down = await retry([alertId]);
    expect(down.summary.status).toBe('error');
    expect((await loadClaim(harness.store, CONTOSO, alertId))?.state).toBe('failed');

    harness.sandbox.setFaults('mcas', undefined);
    const unknown = 'ffffffffffffffffffffffff';
    const up = await retry([alertId, unknown]);
    expect(up.summary.created).toBe(1);
    expect(
      up.summary.errors.some((e) => e.alertId === unknown && /no longer returns/.test(e.message)),
    ).toBe(true);
    expect((await loadClaim(harness.store, CONTOSO, alertId))?.state).toBe('created');
    expect(harness.sandbox.jira.issues()).toHaveLength(1);
  });

  it('reports a wrong token on one tenant clearly and syncs the others', async () => {
    harness = await startHarness();
    const [broken] = harness.seeded.tenants;
    harness.sandbox.mcas.revokeToken(broken?.id ?? '');
    const summaries = await harness.sync();
    const failed = summaries.find((s) => s.tenantId === broken?.id);
    expect(failed?.status).toBe('error');
    expect(failed?.errors[0]?.message).toMatch(
      new RegExp(`${failed?.tenantName ?? ''}.*token`, 'i'),
    );
    expect(failed?.errors[0]?.message).not.toContain(broken?.token ?? '');
    expect(total(summaries, (s) => s.created)).toBe(
      15 - (harness.scenario.alertsByTenant[broken?.id ?? '']?.length ?? 0),
    );
  });

  it('reports a malformed alert and creates the rest', async () => {
    harness = await startHarness({
      scenario: singleTenant([
        rawAlert({ _id: 'null' }),
        rawAlert({ description: '<b>ok</b>', entities: 'null' }),
      ]),
    });
    const [summary] = await harness.sync();
    expect(summary?.created).toBe(1);
    expect(summary?.malformed).toBe(1);
    expect(summary?.errors.some((e) => /no usable id/i.test(e.message))).toBe(true);
  });

  it('creates issues without a mapped field the create screen does not have, and says so', async () => {
    const config = demoProjectConfig({
      fields: { alertUrl: 'customfield_10099', ip: 'customfield_10054' },
    });
    harness = await startHarness({ config, scenario: singleTenant([rawAlert()]) });
    const [summary] = await harness.sync();
    expect(summary?.created).toBe(1);
    expect(summary?.errors.some((e) => e.message.includes('customfield_10099'))).toBe(true);
    const [issue] = harness.sandbox.jira.issues();
    expect(issue?.fields.customfield_10099).toBeUndefined();
    expect(issue?.fields.customfield_10054).toBeDefined();
  });
});

describe('Jira refusing one field', () => {
  it('creates the issue without the refused field and reports the field once for all issues', async () => {
    harness = await startHarness({ scenario: singleTenant([rawAlert(), rawAlert(), rawAlert()]) });
    harness.sandbox.jira.rejectWhen((fields) =>
      fields.customfield_10053 !== undefined
        ? { customfield_10053: 'The value is not a valid user for this field.' }
        : false,
    );
    const [summary] = await harness.sync();
    expect(summary?.created).toBe(3);
    const issues = harness.sandbox.jira.issues();
    expect(issues.every((issue) => issue.fields.customfield_10053 === undefined)).toBe(true);
    expect(issues.every((issue) => issue.fields.customfield_10054 !== undefined)).toBe(true);
    const reports = summary?.errors.filter((e) => e.message.includes('customfield_10053')) ?? [];
    expect(reports).toHaveLength(1);
    expect(reports[0]?.message).toContain('3 issue(s) were created without it');
  });
});

describe('exactly once across crashes', () => {
  it('records the issue a crashed run created instead of creating another', async () => {
    harness = await startHarness({ scenario: singleTenant([rawAlert()]) });
    await harness.sync();
    const [issue] = harness.sandbox.jira.issues();
    const alertId = (issue?.properties['mcas.alert'] as { alertId: string }).alertId;
    // As if the run died after Jira created the issue and before the claim was updated.
    const claim = await loadClaim(harness.store, CONTOSO, alertId);
    await saveClaim(harness.store, CONTOSO, alertId, {
      ...(claim as Claim),
      state: 'claimed',
      issueKey: undefined,
    });
    await harness.store.delete(keys.checkpoint(CONTOSO));

    const soon = await harness.sync();
    expect(total(soon, (s) => s.created)).toBe(0);
    harness.clock.advance(STALE_CLAIM_MS + 1000);
    const later = await harness.sync();
    expect(total(later, (s) => s.created)).toBe(0);
    expect(harness.sandbox.jira.issues()).toHaveLength(1);
    expect((await loadClaim(harness.store, CONTOSO, alertId))?.issueKey).toBe(issue?.key);
  });

  it('records the issues of the chunks Jira created before a create call failed', async () => {
    const alerts = Array.from({ length: 60 }, () => rawAlert({ entities: [], description: 'x' }));
    harness = await startHarness({ scenario: singleTenant(alerts) });
    // Jira calls: two for the create screen (its priorities included), then bulk create #1 and
    // #2: the second bulk create loses its connection (Jira never saw it; the app cannot know).
    harness.sandbox.setFaults('jira', { everyDrop: 4 });
    const [first] = await harness.sync();
    expect(first?.status).toBe('error');
    expect(first?.created).toBe(50);
    expect(harness.sandbox.jira.issues()).toHaveLength(50);
    const claims = await harness.store.query(keys.alertPrefix(CONTOSO), Claim, { limit: 100 });
    expect(claims.entries.filter(({ value }) => value.state === 'created')).toHaveLength(50);

    harness.sandbox.setFaults('jira', undefined);
    harness.clock.advance(STALE_CLAIM_MS + 1000);
    const [second] = await harness.sync();
    expect(second?.created).toBe(10);
    const ids = alertIdsOfIssues(harness.sandbox);
    expect(new Set(ids).size).toBe(60);
    expect(ids).toHaveLength(60);
  });
});
