/**
 * An issue created while its verdicts were owed, whose record batch storage refused after Jira
 * had created it (issue 10: issues left "pending" for good). The claim stays `claimed`; the
 * reconcile that later finds the issue must also restore what the issue is owed (its `pending:`
 * entry and the owed index item), so the project's drain completes it, once.
 */
import { DEMO_PROJECT_ID } from '../../sandbox/cli/demo-project';
import { Claim } from '../../src/core/model';
import { keys } from '../../src/core/storage-keys';
import type { Store } from '../../src/ports';
import { STALE_CLAIM_MS } from '../../src/sync/sync-tenant';
import { OwedIndex } from '../../src/sync/owed-index';
import { PendingVerdicts } from '../../src/sync/pending-verdicts';
import type { Harness } from './harness';
import { passAbuseIpdbReset, startHarness, total } from './harness';
import { rawAlert, singleTenant } from './factories';

const CONTOSO = { projectId: DEMO_PROJECT_ID, tenantId: 'contoso' };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function alertWith(ip: string, index: number) {
  return rawAlert({
    timestamp: Date.now() - 86_400_000 + index * 1000,
    description: `Sign-in from ${ip}.`,
    entities: [{ type: 'ip', id: ip, label: ip }],
  });
}

const IPS = ['52.60.0.1', '52.60.0.2', '52.60.0.3'];
const scenario = () => ({
  ...singleTenant(IPS.map((ip, index) => alertWith(ip, index))),
  // Verdicts that say something: a fill comments, so a second fill would show.
  verdicts: Object.fromEntries(
    IPS.map((ip) => [ip, { abuseConfidenceScore: 80, totalReports: 5 }]),
  ),
});

const isCreatedClaim = (key: string, value: unknown) =>
  key.startsWith('alert:') && Claim.safeParse(value).data?.state === 'created';

/** The memory store, except that the first batch write matching `refused` fails. */
function refusingOnce(store: Store, refused: (key: string, value: unknown) => boolean): Store {
  let failed = false;
  return {
    ...store,
    setMany: (entries) => {
      if (failed || !entries.some(({ key, value }) => refused(key, value)))
        return store.setMany(entries);
      failed = true;
      return Promise.reject(new Error('storage went away'));
    },
  };
}

const pendingIssues = (h: Harness) =>
  h.sandbox.jira
    .issues()
    .filter((issue) =>
      JSON.stringify(issue.properties['mcas.enrichment']).includes('"pending":true'),
    );
const owedEntries = async (h: Harness) =>
  (await h.store.query(keys.pendingPrefix(CONTOSO), PendingVerdicts)).entries;
const indexedAlerts = async (h: Harness) =>
  (await h.store.query(keys.owedIndexPrefix(DEMO_PROJECT_ID), OwedIndex)).entries.flatMap(
    ({ value }) => value.issues.map(({ alertId }) => alertId),
  );

async function loseTheRecordThenReconcile(
  h: Harness,
  refused: (key: string, value: unknown) => boolean,
) {
  h.sandbox.abuseipdb.setQuota(0);
  const store = h.deps.store;
  h.deps.store = refusingOnce(store, refused);
  const [first] = await h.sync().finally(() => {
    h.deps.store = store;
  });
  expect(first?.status).toBe('error');
  expect(pendingIssues(h)).toHaveLength(3);
  h.clock.advance(STALE_CLAIM_MS + 1000);
  // The quota is still spent: the run only reconciles (and the drain has nothing to ask).
  const [second] = await h.sync();
  expect(second?.duplicates).toBe(3);
  const claims = await h.store.query(keys.alertPrefix(CONTOSO), Claim);
  expect(claims.entries.map(({ value }) => value.state)).toEqual(['created', 'created', 'created']);
}

describe('a record batch lost after Jira created issues owing verdicts', () => {
  it('restores their owed entries when the reconcile finds the issues, and the drain fills them', async () => {
    harness = await startHarness({ scenario: scenario() });
    const h = harness;
    // The batch with the `pending:` entries and the index item is refused: nothing owed is stored.
    await loseTheRecordThenReconcile(h, (key) => key.startsWith('pending:'));
    expect((await owedEntries(h)).map(({ value }) => value.issueKey).sort()).toEqual(
      pendingIssues(h)
        .map((issue) => issue.key)
        .sort(),
    );
    expect((await indexedAlerts(h)).sort()).toEqual(
      (await owedEntries(h)).map(({ value }) => value.alertId).sort(),
    );

    passAbuseIpdbReset(h);
    h.sandbox.abuseipdb.quota();
    h.sandbox.abuseipdb.setQuota(100);
    const third = await h.sync();
    expect(total(third, (s) => s.verdictsFilled)).toBe(3);
    expect(pendingIssues(h)).toHaveLength(0);
    expect(await owedEntries(h)).toHaveLength(0);
    expect(await indexedAlerts(h)).toEqual([]);
  });

  it('fills each issue once when the lost batch had stored what is owed and lost only the claims', async () => {
    harness = await startHarness({ scenario: scenario() });
    const h = harness;
    await loseTheRecordThenReconcile(h, isCreatedClaim);
    // The reconcile's index entry is named by the same first alert: the lost batch's is rewritten.
    expect(await indexedAlerts(h)).toHaveLength(3);
    expect(await owedEntries(h)).toHaveLength(3);
    // A reconcile whose batch starts at another alert (the lost bulk call spanned two pages)
    // lists the issues in a second entry: the drain must treat them as one item each.
    const [entry] = (await h.store.query(keys.owedIndexPrefix(DEMO_PROJECT_ID), OwedIndex)).entries;
    if (!entry) throw new Error('no owed index entry');
    await h.store.set(keys.owedIndex(CONTOSO, 'another-first-alert'), entry.value);

    passAbuseIpdbReset(h);
    h.sandbox.abuseipdb.quota();
    h.sandbox.abuseipdb.setQuota(100);
    const third = await h.sync();
    expect(total(third, (s) => s.verdictsFilled)).toBe(3);
    expect(h.sandbox.jira.issues().map((issue) => issue.comments.length)).toEqual([1, 1, 1]);
    expect(pendingIssues(h)).toHaveLength(0);
    expect(await indexedAlerts(h)).toEqual([]);
  });
});
