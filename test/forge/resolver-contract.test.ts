/**
 * Every resolver of every contract (settings, panel, reports), invoked as Forge invokes it on the
 * Forge fakes, answers what its contract's response schema says: each answer is parsed here, on
 * the server side, with the schema the UI parses it with. A resolver that returned a shape its
 * UI cannot read would fail here even where the compiler could not see it (e.g. a cast).
 */
import './mocks';
import { panelContract, PANEL_RESOLVERS } from '../../src/contract/panel';
import { reportContract, REPORT_RESOLVERS } from '../../src/contract/reports';
import { createSettingsContract, SETTINGS_RESOLVERS } from '../../src/contract/settings';
import { panelResolver, reportResolver, scheduler, worker } from '../../src/index';
import { ProjectId } from '../../src/core/config';
import { keys } from '../../src/core/storage-keys';
import { z } from 'zod';
import type { JiraIssueSnapshot, JiraUser } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN } from '../../sandbox/sim';
import type { ForgeHarness } from './harness';
import {
  ANALYST,
  captureLogs,
  invocation,
  portalUrl,
  settingsCaller,
  startForgeHarness,
  takePushed,
} from './harness';

type Answer = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

const PROJECT = { id: '10000', key: 'SEC' };
const PROJECT_ID = ProjectId.parse(PROJECT.id);
let harness: ForgeHarness;
const answers: string[] = [];
const settings = settingsCaller(() => harness, answers);

function data(name: string, answer: Answer): unknown {
  if (!answer.ok) throw new Error(`${name}: ${answer.error.code}: ${answer.error.message}`);
  return answer.data;
}

function torIssue(): JiraIssueSnapshot {
  const issue = harness.sandbox.jira
    .issues()
    .find((candidate) => String(candidate.fields.summary).includes('Tor IP address'));
  if (!issue) throw new Error('the Monday scenario has a Tor alert');
  return issue;
}

/** Each panel call is its own analyst action: the per-issue cooldown is lifted between them. */
async function panel(name: string, payload: unknown, user: JiraUser = ANALYST): Promise<Answer> {
  const cooldowns = await harness.store.query(keys.panelCooldownPrefix(PROJECT_ID), z.unknown());
  for (const { key } of cooldowns.entries) await harness.store.delete(key);
  harness.actAs(user);
  return (await panelResolver(
    ...invocation(name, payload, user, { issue: { key: torIssue().key }, project: PROJECT }),
  )) as Answer;
}

async function report(payload: unknown): Promise<Answer> {
  harness.actAs(ANALYST);
  return (await reportResolver(
    ...invocation(REPORT_RESOLVERS.getReport, payload, ANALYST, { project: PROJECT }),
  )) as Answer;
}

beforeAll(async () => {
  captureLogs();
  harness = await startForgeHarness();
  await scheduler();
  for (const event of takePushed()) await worker({ body: event.body });
  // An alert parked after its retries, for listFailedAlerts and retryFailedAlerts to find.
  await harness.store.set(keys.alert({ projectId: PROJECT_ID, tenantId: 'contoso' }, 'a1'), {
    state: 'failed',
    attempts: 5,
    at: Date.now(),
    lastError: 'Jira refused the issue.',
    title: 'Parked alert',
  });
});
afterAll(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

/** In order: the destructive ones last, so every call before them has something to work on. */
const SETTINGS_CALLS: [string, unknown][] = [
  [SETTINGS_RESOLVERS.getOverview, {}],
  [SETTINGS_RESOLVERS.saveConfig, { config: { issueType: 'Task' } }],
  [
    SETTINGS_RESOLVERS.addTenant,
    { name: 'Woodgrove', url: portalUrl('woodgrove'), token: 'woodgrove-token-0123456789abcdef' },
  ],
  [SETTINGS_RESOLVERS.updateTenant, { tenantId: 'woodgrove', name: 'Woodgrove HQ' }],
  [SETTINGS_RESOLVERS.setTenantEnabled, { tenantId: 'woodgrove', enabled: false }],
  [SETTINGS_RESOLVERS.testTenant, { tenantId: 'contoso' }],
  [SETTINGS_RESOLVERS.setAbuseIpdbKey, { apiKey: 'replacement-abuseipdb-key-0000' }],
  [SETTINGS_RESOLVERS.testAbuseIpdbKey, {}],
  [SETTINGS_RESOLVERS.getJiraMeta, {}],
  [SETTINGS_RESOLVERS.getWriteBackMeta, {}],
  [SETTINGS_RESOLVERS.syncNow, {}],
  [SETTINGS_RESOLVERS.listRuns, {}],
  [SETTINGS_RESOLVERS.listFailedAlerts, {}],
  [SETTINGS_RESOLVERS.retryFailedAlerts, { tenantId: 'contoso', alertIds: ['a1'] }],
  [SETTINGS_RESOLVERS.dismissFailedAlerts, { tenantId: 'contoso', alertIds: ['a1'] }],
  [SETTINGS_RESOLVERS.previewRules, { rules: [] }],
  [SETTINGS_RESOLVERS.deleteTenant, { tenantId: 'woodgrove' }],
  [SETTINGS_RESOLVERS.deleteAbuseIpdbKey, {}],
  [SETTINGS_RESOLVERS.purgeProjectData, { confirmProjectKey: 'SEC' }],
];

describe('every resolver answers its contract response schema', () => {
  it('covers every resolver name of the three contracts', () => {
    const contract = createSettingsContract({});
    expect(SETTINGS_CALLS.map(([name]) => name).sort()).toEqual(Object.keys(contract).sort());
    expect(Object.keys(panelContract).sort()).toEqual(Object.values(PANEL_RESOLVERS).sort());
    expect(Object.keys(reportContract).sort()).toEqual(Object.values(REPORT_RESOLVERS).sort());
  });

  it('panel: the issue view, a re-check and a look-up parse with the panel contract', async () => {
    for (const [name, payload] of [
      [PANEL_RESOLVERS.getIssueView, {}],
      [PANEL_RESOLVERS.recheck, {}],
      [PANEL_RESOLVERS.lookup, {}],
    ] as const) {
      const answer = await panel(name, payload);
      const parsed = panelContract[name].response.safeParse(data(name, answer));
      expect({ name, issues: parsed.error?.issues ?? [] }).toEqual({ name, issues: [] });
    }
  });

  it('reports: a week of the project parses with the report contract', async () => {
    const name = REPORT_RESOLVERS.getReport;
    const answer = await report({ period: 'week', buckets: 4 });
    const parsed = reportContract[name].response.safeParse(data(name, answer));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('reports: the Runs tab operational health, on the settings resolver, parses with the report contract', async () => {
    const name = REPORT_RESOLVERS.getOperations;
    const answer = (await settings(name, { days: 7 }, SANDBOX_JIRA_ADMIN)) as Answer;
    const parsed = reportContract[name].response.safeParse(data(name, answer));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('settings: all of them, as a project admin, parse with the settings contract', async () => {
    const contract = createSettingsContract({});
    for (const [name, payload] of SETTINGS_CALLS) {
      const answer = (await settings(name, payload, SANDBOX_JIRA_ADMIN)) as Answer;
      const schema = contract[name as keyof typeof contract].response;
      const parsed = schema.safeParse(data(name, answer));
      expect({ name, issues: parsed.error?.issues ?? [] }).toEqual({ name, issues: [] });
    }
  });
});
