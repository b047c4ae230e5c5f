/**
 * The project-wide drain of owed verdicts (sync/owed-drain.ts), over HTTP against the simulators:
 * one look-up fills every tenant's issues with that address, answers already in the cache fill
 * issues while the quota is spent, and an answer learnt on one day still completes an issue whose
 * other address is answered days later, without asking AbuseIPDB twice.
 */
import { DRAIN_SLOT_MS, SLOTS_PER_PASS_WITHOUT_CHECKS } from '../../src/core/owed-drain';
import { aVerdict } from '../core/rules/factories';
import { keys } from '../../src/core/storage-keys';
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import type { Scenario } from '../../sandbox/scenarios/seed';
import type { RawMcasAlert } from '../../sandbox/sim';
import { OwedIndex } from '../../src/sync/owed-index';
import type { Harness } from './harness';
import { nextDrainSlot, passAbuseIpdbReset, startHarness, total } from './harness';
import { rawAlert, singleTenant } from './factories';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const HOUR = 3_600_000;
function alertWith(ips: string[], severityValue = 1) {
  return rawAlert({
    severityValue,
    description: `Sign-in from ${ips.join(', ')}.`,
    entities: ips.map((ip) => ({ type: 'ip', id: ip, label: ip })),
  });
}

function twoTenants(contoso: RawMcasAlert[], fabrikam: RawMcasAlert[]): Scenario {
  return {
    tenants: [
      { id: 'contoso', name: 'Contoso EU', token: 'token-contoso-0123456789' },
      { id: 'fabrikam', name: 'Fabrikam', token: 'token-fabrikam-0123456789' },
    ],
    alertsByTenant: { contoso, fabrikam },
    verdicts: {},
  };
}

const abuseCalls = (h: Harness) => h.sandbox.stats().abuseipdb.calls;
const pendingIssues = (h: Harness) =>
  h.sandbox.jira
    .issues()
    .filter((issue) =>
      JSON.stringify(issue.properties['mcas.enrichment']).includes('"pending":true'),
    );
const owedIndexEntries = async (h: Harness) =>
  (await h.store.query(keys.owedIndexPrefix(DEMO_PROJECT_ID), OwedIndex)).entries;

describe('the drain of owed verdicts, project-wide', () => {
  it('fills the issues of two tenants with one look-up of their shared address', async () => {
    harness = await startHarness({
      scenario: twoTenants(
        [alertWith(['52.50.0.1'], 1), alertWith(['52.50.0.9'], 0)],
        [alertWith(['52.50.0.1'], 2), alertWith(['52.50.0.1'], 0)],
      ),
    });
    harness.sandbox.abuseipdb.setQuota(0);
    const first = await harness.sync();
    expect(total(first, (s) => s.created)).toBe(4);
    expect(pendingIssues(harness)).toHaveLength(4);
    // One index entry per recorded batch of owed issues, for each tenant.
    expect((await owedIndexEntries(harness)).map(({ value }) => value.tenantId).sort()).toEqual([
      'contoso',
      'fabrikam',
    ]);

    passAbuseIpdbReset(harness);
    // The simulator starts its new window when asked; then one check is left in it.
    harness.sandbox.abuseipdb.quota();
    harness.sandbox.abuseipdb.setQuota(1);
    const calls = abuseCalls(harness);
    const second = await harness.sync();
    // One check, for the address three issues of both tenants wait on (the high alert's).
    expect(abuseCalls(harness) - calls).toBe(1);
    expect(harness.sandbox.abuseipdb.lookups().slice(-1)).toEqual(['52.50.0.1']);
    expect(total(second, (s) => s.verdictsFilled)).toBe(3);
    const left = pendingIssues(harness);
    expect(left).toHaveLength(1);
    expect(JSON.stringify(left[0]?.properties['mcas.enrichment'])).toContain('52.50.0.9');
    // The index follows: only the issue still owed is listed.
    const items = (await owedIndexEntries(harness)).flatMap(({ value }) => value.issues);
    expect(items.map((issue) => issue.ips)).toEqual([['52.50.0.9']]);
  });

  it('fills issues whose addresses are in the cache while the quota is spent, with no AbuseIPDB call', async () => {
    harness = await startHarness({
      scenario: singleTenant([alertWith(['52.51.0.1']), alertWith(['52.51.0.2'])]),
    });
    harness.sandbox.abuseipdb.setQuota(0);
    await harness.sync();
    expect(pendingIssues(harness)).toHaveLength(2);
    const calls = abuseCalls(harness);

    // Another project (or an analyst's panel look-up) answered one address: it is in the cache.
    const answer = aVerdict({
      ip: '52.51.0.1',
      countryCode: 'NL',
      maxAgeInDays: harness.config.abuseipdb.maxAgeInDays,
      fetchedAt: harness.clock.now(),
    });
    await harness.store.set(keys.ipVerdict('52.51.0.1'), answer, { ttlSeconds: 24 * 3600 });

    nextDrainSlot(harness, SLOTS_PER_PASS_WITHOUT_CHECKS);
    const [summary] = await harness.sync();
    expect(summary?.verdictsFilled).toBe(1);
    // The quota is still spent and remembered: not one probe.
    expect(abuseCalls(harness)).toBe(calls);
    const left = pendingIssues(harness);
    expect(left).toHaveLength(1);
    expect(JSON.stringify(left[0]?.properties['mcas.enrichment'])).toContain('52.51.0.2');
  });

  it('completes an issue whose addresses are answered on different days, asking each once', async () => {
    harness = await startHarness({
      scenario: singleTenant([alertWith(['52.52.0.1', '52.52.0.2'])]),
      sandbox: { abuseIpdbDailyLimit: 1 },
    });
    // The run's one check answers the first address; the second is owed.
    await harness.sync();
    expect(harness.sandbox.abuseipdb.lookups()).toEqual(['52.52.0.1']);
    expect(pendingIssues(harness)).toHaveLength(1);

    // A day and more later the shared cache (24 h) has forgotten the first answer.
    harness.clock.advance(25 * HOUR);
    nextDrainSlot(harness);
    const [summary] = await harness.sync();
    expect(summary?.verdictsFilled).toBe(1);
    expect(harness.sandbox.abuseipdb.lookups()).toEqual(['52.52.0.1', '52.52.0.2']);
    const [issue] = harness.sandbox.jira.issues();
    const enrichment = JSON.stringify(issue?.properties['mcas.enrichment']);
    expect(enrichment).not.toContain('"pending":true');
    expect(enrichment).toContain('"ip":"52.52.0.1","abuseConfidenceScore"');
    expect(await owedIndexEntries(harness)).toHaveLength(0);
  });
});

describe('a drain pass that dies halfway', () => {
  it('fills the issue again with the same answers, and comments once', async () => {
    harness = await startHarness({ scenario: singleTenant([alertWith(['52.53.0.1'])]) });
    harness.sandbox.abuseipdb.setVerdict('52.53.0.1', {
      abuseConfidenceScore: 64,
      totalReports: 12,
      numDistinctUsers: 3,
      isTor: false,
    });
    harness.sandbox.abuseipdb.setQuota(0);
    await harness.sync();
    expect(pendingIssues(harness)).toHaveLength(1);

    // The pass edits the issue, then storage fails to delete its `pending:` entry: the run stops.
    const store = harness.deps.store;
    let failDeletes = true;
    harness.deps.store = {
      ...store,
      delete: (key) =>
        failDeletes && key.startsWith('pending:')
          ? Promise.reject(new Error('storage is down'))
          : store.delete(key),
    };
    passAbuseIpdbReset(harness);
    const [died] = await harness.sync();
    expect(died?.status).toBe('error');
    const [issue] = harness.sandbox.jira.issues();
    const afterDeath = JSON.stringify(issue?.properties['mcas.enrichment']);
    expect(afterDeath).not.toContain('"pending":true');
    expect(issue?.comments).toHaveLength(0);

    // Storage is back: the next slot's pass fills it again from the kept answer, no new check.
    failDeletes = false;
    harness.clock.advance(30 * HOUR);
    nextDrainSlot(harness);
    const calls = abuseCalls(harness);
    const [again] = await harness.sync();
    expect(again?.verdictsFilled).toBe(1);
    expect(abuseCalls(harness)).toBe(calls);
    const [filled] = harness.sandbox.jira.issues();
    expect(JSON.stringify(filled?.properties['mcas.enrichment'])).toBe(afterDeath);
    expect(filled?.comments).toHaveLength(1);
    expect(pendingIssues(harness)).toHaveLength(0);
    expect(await owedIndexEntries(harness)).toHaveLength(0);
  });
});

describe('a backlog larger than one pass', () => {
  it('drains in the following slots even while the quota is spent, until every issue is filled', async () => {
    // 450 owed issues over 45 addresses: more fills than one pass's KVS writes allow.
    const alerts = Array.from({ length: 450 }, (_, i) => alertWith([`52.54.0.${i % 45}`]));
    harness = await startHarness({ scenario: singleTenant(alerts) });
    harness.sandbox.abuseipdb.setQuota(0);
    await harness.sync();
    expect(pendingIssues(harness)).toHaveLength(450);

    passAbuseIpdbReset(harness);
    harness.sandbox.abuseipdb.quota();
    harness.sandbox.abuseipdb.setQuota(45);
    const [first] = await harness.sync();
    // Every address answered (the quota is now spent), but not every issue filled yet.
    expect(harness.sandbox.abuseipdb.lookups()).toHaveLength(45);
    expect(first?.verdictsFilled).toBeGreaterThan(300);
    expect(first?.verdictsFilled).toBeLessThan(450);

    // The next slot, not one of the every-sixth slots a spent quota otherwise waits for.
    nextDrainSlot(harness);
    if (Math.floor(harness.clock.now() / DRAIN_SLOT_MS) % SLOTS_PER_PASS_WITHOUT_CHECKS === 0)
      nextDrainSlot(harness);
    const calls = abuseCalls(harness);
    const [second] = await harness.sync();
    expect((first?.verdictsFilled ?? 0) + (second?.verdictsFilled ?? 0)).toBe(450);
    expect(pendingIssues(harness)).toHaveLength(0);
    expect(abuseCalls(harness)).toBe(calls);
    expect(await owedIndexEntries(harness)).toHaveLength(0);
  });
});
