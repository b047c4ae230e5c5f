/**
 * Rule action "group repeats" over HTTP (issue 16): a repeat of an open, young issue becomes one
 * comment on it and is counted in its `mcas.alert` property; an old or resolved issue gets a new
 * one; a run that dies between comment and record comments once; two runs at once make one issue
 * and one comment per repeat.
 */
import { adfToText } from '../../src/core/adf';
import { AlertProperty, Claim } from '../../src/core/model';
import type { Rule } from '../../src/core/rules/schema';
import { keys } from '../../src/core/storage-keys';
import type { JiraTransport } from '../../src/ports';
import { silentLogger } from '../../src/ports';
import { createJiraClient } from '../../src/clients/jira';
import { renderJiraRoute } from '../../src/clients/jira-route';
import { STALE_CLAIM_MS } from '../../src/sync/claim-ledger';
import {
  DEMO_PROJECT_ID,
  demoProjectConfig,
  demoRulesWithGrouping,
} from '../../sandbox/cli/demo-project';
import { syncProject } from '../../sandbox/cli/project-sync';
import { graphAlert } from '../../sandbox/scenarios/alert-shape';
import { mondayRepeat } from '../../sandbox/scenarios/monday';
import { updateTenant } from '../../src/sync/settings-tenants';
import type { RawGraphAlert, RawMcasAlert } from '../../sandbox/sim';
import { rawAlert, singleTenant } from './factories';
import type { Harness } from './harness';
import { startHarness, total } from './harness';

const HOUR = 3_600_000;
const TITLE = 'Multiple failed login attempts';
const GROUP_RULE: Rule = {
  id: 'group-logins',
  name: 'Group failed logins',
  enabled: true,
  conditions: [{ type: 'titleContains', text: 'failed login' }],
  actions: { group: { by: 'titleAndUser' } },
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A failed-login alert of alice at `at`, the same group as every other. */
function loginAlert(at: number, overrides: Record<string, unknown> = {}): RawMcasAlert {
  return rawAlert({ title: TITLE, timestamp: at, ...overrides });
}

async function start(alerts: RawMcasAlert[]): Promise<Harness> {
  harness = await startHarness({
    scenario: singleTenant(alerts),
    config: demoProjectConfig({ rules: [GROUP_RULE] }),
  });
  return harness;
}

const issues = (h: Harness) => h.sandbox.jira.issues();
const propertyOf = (h: Harness, issueKey: string) =>
  AlertProperty.parse(issues(h).find((issue) => issue.key === issueKey)?.properties['mcas.alert']);
const commentsOf = (h: Harness, issueKey: string) =>
  (issues(h).find((issue) => issue.key === issueKey)?.comments ?? []).map(({ body }) =>
    adfToText(body),
  );
const claimOf = (h: Harness, alertId: string) =>
  h.store.get(keys.alert({ projectId: DEMO_PROJECT_ID, tenantId: 'contoso' }, alertId), Claim);
const idOf = (alert: RawMcasAlert) => alert._id;

describe('group repeats', () => {
  it('makes a repeat within the window a comment on the open issue, not an issue', async () => {
    const now = Date.now();
    const first = loginAlert(now - 2 * HOUR);
    const h = await start([first]);
    await h.sync();
    const [issue] = issues(h);
    if (!issue) throw new Error('the first alert made no issue');

    const repeat = loginAlert(now - HOUR, {
      URL: `https://contoso.portal.cloudappsecurity.com/#/alerts/repeat`,
    });
    h.sandbox.mcas.addAlerts('contoso', [repeat]);
    const summaries = await h.sync();

    expect(total(summaries, (s) => s.created)).toBe(0);
    expect(total(summaries, (s) => s.grouped)).toBe(1);
    expect(issues(h)).toHaveLength(1);
    const comments = commentsOf(h, issue.key);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain(`Repeat alert id: ${idOf(repeat)}`);
    expect(comments[0]).toContain(new Date(now - HOUR).toISOString());
    expect(comments[0]).toContain('Open in Defender for Cloud Apps');
    expect(propertyOf(h, issue.key)).toMatchObject({
      alertId: idOf(first),
      repeats: 1,
      groupedAlertIds: [idOf(repeat)],
    });
    expect(await claimOf(h, idOf(repeat))).toMatchObject({
      state: 'grouped',
      issueKey: issue.key,
      rule: 'Group failed logins',
    });

    // Searchable: the alias counts repeats.
    const jira = createJiraClient({ transport: h.deps.jira, clock: h.clock, logger: silentLogger });
    const found = await jira.searchJql('project = SEC AND mcasRepeats >= 1', {
      fields: ['summary'],
    });
    expect(found.map(({ key }) => key)).toEqual([issue.key]);

    // Nothing more on a rerun.
    const again = await h.sync();
    expect(total(again, (s) => s.created + s.grouped)).toBe(0);
    expect(commentsOf(h, issue.key)).toHaveLength(1);
  });

  it('opens a new issue for a repeat once the open issue is older than the window', async () => {
    const now = Date.now();
    const h = await start([loginAlert(now - 2 * HOUR)]);
    await h.sync();
    h.clock.advance(25 * HOUR);
    h.sandbox.mcas.addAlerts('contoso', [loginAlert(now + 24 * HOUR)]);
    const summaries = await h.sync();

    expect(total(summaries, (s) => s.created)).toBe(1);
    expect(total(summaries, (s) => s.grouped)).toBe(0);
    expect(issues(h)).toHaveLength(2);
    expect(issues(h).flatMap((issue) => issue.comments)).toHaveLength(0);
  });

  it('opens a new issue once the open one is resolved, and later repeats join the new one', async () => {
    const now = Date.now();
    const h = await start([loginAlert(now - 3 * HOUR)]);
    await h.sync();
    const [resolved] = issues(h);
    if (!resolved) throw new Error('no issue');
    h.sandbox.jira.resolveIssue(resolved.key, 'Done', h.clock.now());

    h.sandbox.mcas.addAlerts('contoso', [loginAlert(now - 2 * HOUR)]);
    expect(total(await h.sync(), (s) => s.created)).toBe(1);
    const fresh = issues(h).find((issue) => issue.key !== resolved.key);
    if (!fresh) throw new Error('no new issue');

    const repeat = loginAlert(now - HOUR);
    h.sandbox.mcas.addAlerts('contoso', [repeat]);
    expect(total(await h.sync(), (s) => s.grouped)).toBe(1);
    expect(commentsOf(h, fresh.key)).toHaveLength(1);
    expect(commentsOf(h, resolved.key)).toHaveLength(0);
    expect(propertyOf(h, fresh.key).groupedAlertIds).toEqual([idOf(repeat)]);
  });

  it('comments once when a run dies between the comment and its record', async () => {
    const now = Date.now();
    const h = await start([loginAlert(now - 2 * HOUR)]);
    await h.sync();
    const [issue] = issues(h);
    if (!issue) throw new Error('no issue');

    // The run dies right after its comment: the property write never happens, nor the claim's.
    const realJira = h.deps.jira;
    const dying: JiraTransport = {
      request: (route, init) => {
        if (init.method === 'PUT' && renderJiraRoute(route).includes('/properties/mcas.alert'))
          return Promise.reject(new Error('worker killed'));
        return realJira.request(route, init);
      },
    };
    const repeat = loginAlert(now - HOUR);
    h.sandbox.mcas.addAlerts('contoso', [repeat]);
    h.deps.jira = dying;
    const died = await h.sync();
    expect(died[0]?.status).toBe('error');
    expect(commentsOf(h, issue.key)).toHaveLength(1);
    expect(await claimOf(h, idOf(repeat))).toMatchObject({ state: 'claimed' });

    // A later run takes the stale claim over, finds the comment by its marker and only records.
    h.deps.jira = realJira;
    h.clock.advance(STALE_CLAIM_MS + 60_000);
    const recovered = await h.sync();
    expect(total(recovered, (s) => s.grouped)).toBe(1);
    expect(total(recovered, (s) => s.created)).toBe(0);
    expect(commentsOf(h, issue.key)).toHaveLength(1);
    expect(propertyOf(h, issue.key)).toMatchObject({
      repeats: 1,
      groupedAlertIds: [idOf(repeat)],
    });
    expect(await claimOf(h, idOf(repeat))).toMatchObject({ state: 'grouped' });
  });

  it("joins the issue of a group's first alert whose run died between its create and record", async () => {
    const now = Date.now();
    const h = await start([loginAlert(now - 2 * HOUR)]);
    // The run dies as it records what it created: the issue exists, its claim and the group's
    // index do not say so.
    const realStore = h.deps.store;
    h.deps.store = {
      ...realStore,
      setMany: () => Promise.reject(new Error('worker killed')),
    };
    expect((await h.sync())[0]?.status).toBe('error');
    expect(issues(h)).toHaveLength(1);
    h.deps.store = realStore;

    // Later the stale claim is reconciled by search, and a repeat joins that issue.
    h.clock.advance(STALE_CLAIM_MS + 60_000);
    const repeat = loginAlert(now - HOUR);
    h.sandbox.mcas.addAlerts('contoso', [repeat]);
    const later = await h.sync();
    expect(total(later, (s) => s.created)).toBe(0);
    expect(total(later, (s) => s.grouped)).toBe(1);
    const [issue] = issues(h);
    if (!issue) throw new Error('no issue');
    expect(issues(h)).toHaveLength(1);
    expect(commentsOf(h, issue.key)).toHaveLength(1);
    expect(propertyOf(h, issue.key).groupedAlertIds).toEqual([idOf(repeat)]);
  });

  it('makes one issue when two runs each hold an alert of a group that has none yet', async () => {
    const now = Date.now();
    const first = loginAlert(now - 2 * HOUR);
    const h = await start([first]);

    // Run A holds the first alert and is stopped just before its bulk create…
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reachedCreate: () => void = () => undefined;
    const atCreate = new Promise<void>((resolve) => (reachedCreate = resolve));
    const realJira = h.deps.jira;
    const held: JiraTransport = {
      request: async (route, init) => {
        if (init.method === 'POST' && renderJiraRoute(route).endsWith('/issue/bulk')) {
          reachedCreate();
          await released;
        }
        return realJira.request(route, init);
      },
    };
    const runA = syncProject(
      { ...h.deps, jira: held },
      { projectId: DEMO_PROJECT_ID, trigger: 'cli' },
    );
    await atCreate;

    // …while run B meets a repeat of the same group: A's alert is A's, and so is the group.
    const repeat = loginAlert(now - HOUR);
    h.sandbox.mcas.addAlerts('contoso', [repeat]);
    const [runB] = await syncProject(h.deps, { projectId: DEMO_PROJECT_ID, trigger: 'cli' });
    expect(runB?.created).toBe(0);
    expect(await claimOf(h, idOf(repeat))).toMatchObject({ state: 'claimed' });
    release();
    const [doneA] = await runA;
    expect(doneA?.created).toBe(1);
    expect(issues(h)).toHaveLength(1);

    // B's claim goes stale and a later run groups the repeat into A's issue, once.
    h.clock.advance(STALE_CLAIM_MS + 60_000);
    const later = await h.sync();
    expect(total(later, (s) => s.grouped)).toBe(1);
    expect(total(later, (s) => s.created)).toBe(0);
    const [issue] = issues(h);
    if (!issue) throw new Error('no issue');
    expect(issues(h)).toHaveLength(1);
    expect(commentsOf(h, issue.key)).toHaveLength(1);
    expect(propertyOf(h, issue.key).groupedAlertIds).toEqual([idOf(repeat)]);
  });

  it('comments once per repeat when two runs race over the same alerts', async () => {
    const now = Date.now();
    const alerts = [loginAlert(now - 3 * HOUR), loginAlert(now - 2 * HOUR), loginAlert(now - HOUR)];
    const h = await start(alerts);
    const runs = await Promise.all([h.sync(), h.sync()]);
    expect(total(runs.flat(), (s) => s.created)).toBe(1);
    h.clock.advance(STALE_CLAIM_MS + 60_000);
    await h.sync();

    const [issue] = issues(h);
    if (!issue) throw new Error('no issue');
    expect(issues(h)).toHaveLength(1);
    const comments = commentsOf(h, issue.key);
    const property = propertyOf(h, issue.key);
    const repeats = alerts.map(idOf).filter((id) => id !== property.alertId);
    expect([...(property.groupedAlertIds ?? [])].sort()).toEqual([...repeats].sort());
    for (const id of repeats) {
      expect(comments.filter((text) => text.includes(`Repeat alert id: ${id}`))).toHaveLength(1);
    }
    expect(comments).toHaveLength(2);
  });

  it("groups the Monday repeat into the weekend's open issue for 3 Jira calls (npm start)", async () => {
    const h = (harness = await startHarness({
      config: demoProjectConfig({ rules: demoRulesWithGrouping() }),
    }));
    expect(total(await h.sync(), (s) => s.created)).toBe(15);
    const repeat = mondayRepeat(h.clock.now());
    h.sandbox.mcas.addAlerts(repeat.tenantId, [repeat.alert]);
    const before = h.sandbox.stats().jira.byRoute;
    const third = await h.sync();
    const after = h.sandbox.stats().jira.byRoute;

    expect(total(third, (s) => s.created)).toBe(0);
    expect(total(third, (s) => s.grouped)).toBe(1);
    expect(issues(h)).toHaveLength(15);
    const logins = issues(h).find((issue) => issue.fields.summary === TITLE);
    if (!logins) throw new Error('no failed-login issue');
    expect(commentsOf(h, logins.key)).toHaveLength(1);
    expect(commentsOf(h, logins.key)[0]).toContain('45.155.205.233');
    // What a grouped repeat costs in Jira: read the issue, comment, set the property.
    const calls = Object.fromEntries(
      Object.keys(after)
        .map((route) => [route, (after[route] ?? 0) - (before[route] ?? 0)] as const)
        .filter(([, count]) => count > 0),
    );
    expect(calls).toEqual({
      'GET /rest/api/3/issue/:key': 1,
      'POST /rest/api/3/issue/:key/comment': 1,
      'PUT /rest/api/3/issue/:key/properties/:property': 1,
    });
  });
});

describe('group repeats by Defender incident (Graph tenant)', () => {
  const DIRECTORY = '9d3f2c41-5a7b-4e8c-9f10-2b3c4d5e6f70';
  const CLIENT_ID = '6b2e8f14-3c5d-4a7e-8b9f-0a1b2c3d4e5f';
  const CLIENT_SECRET = 'Gr~fabrikam-graph-client-secret-77cd';

  it('makes the second alert of one incident, read in the same run, a comment on the first one’s issue', async () => {
    const now = Date.now();
    const byIncident: Rule = {
      id: 'group-incident',
      name: 'Group by incident',
      enabled: true,
      conditions: [{ type: 'titleContains', text: 'incident member' }],
      actions: { group: { by: 'incident', windowHours: 12 } },
    };
    const h = (harness = await startHarness({
      scenario: singleTenant([], 'fabrikam'),
      config: demoProjectConfig({ rules: [byIncident] }),
    }));
    h.sandbox.entra.addApp({ tenantId: DIRECTORY, clientId: CLIENT_ID, secret: CLIENT_SECRET });
    h.sandbox.graph.addDirectory({ entraTenantId: DIRECTORY, grantedApps: [CLIENT_ID] });
    const member = (title: string, email: string, hoursAgo: number): RawGraphAlert => ({
      ...graphAlert(
        {
          tenantId: 'fabrikam',
          title,
          severity: 2,
          users: [{ name: email, email }],
          ips: ['185.220.101.47'],
          timestamp: now - hoursAgo * HOUR,
        },
        DIRECTORY,
      ),
      incidentId: '4242',
    });
    const first = member('Incident member: suspicious sign-in', 'lynne.robbins@fabrikam.com', 3);
    const second = member('Incident member: mass download', 'diego.siciliani@fabrikam.com', 2);
    h.sandbox.graph.addAlerts(DIRECTORY, [first, second]);
    await updateTenant(
      h.store,
      DEMO_PROJECT_ID,
      {
        tenantId: 'fabrikam',
        source: 'graph',
        url: h.sandbox.graph.url,
        authMode: 'entra',
        entraTenantId: DIRECTORY,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      },
      { allowLoopback: true },
    );

    const summaries = await h.sync();
    expect(total(summaries, (s) => s.created)).toBe(1);
    expect(total(summaries, (s) => s.grouped)).toBe(1);
    const [issue] = issues(h);
    if (!issue) throw new Error('no issue');
    expect(issue.fields.summary).toBe('Incident member: suspicious sign-in');
    const comments = commentsOf(h, issue.key);
    expect(comments).toHaveLength(1);
    expect(comments[0]).toContain('Incident: 4242');
    expect(comments[0]).toContain('Open in Microsoft Defender');
    expect(propertyOf(h, issue.key).groupedAlertIds).toEqual([second.providerAlertId]);
  });
});
