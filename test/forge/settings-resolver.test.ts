/**
 * The settings page's Forge resolver, invoked as Forge invokes it: project admins only (asked of
 * Jira as the caller), payloads checked field by field, secrets never in an answer or a log line.
 */
import './mocks';
import { SETTINGS_RESOLVERS } from '../../src/contract/settings';
import type { SettingsResolverName } from '../../src/contract/settings';
import { worker } from '../../src/index';
import { SANDBOX_JIRA_ADMIN } from '../../sandbox/sim';
import { platform } from './fakes/platform';
import type { ForgeHarness } from './harness';
import {
  ANALYST,
  OUTSIDER,
  captureLogs,
  portalUrl,
  settingsCaller,
  startForgeHarness,
  takePushed,
} from './harness';

const NEW_TOKEN = 'new-tenant-token-0123456789abcdef';

const VALID_PAYLOADS: Record<SettingsResolverName, unknown> = {
  [SETTINGS_RESOLVERS.getOverview]: {},
  [SETTINGS_RESOLVERS.saveConfig]: { config: { issueType: 'Task' } },
  [SETTINGS_RESOLVERS.addTenant]: {
    name: 'Woodgrove',
    url: portalUrl('woodgrove'),
    token: NEW_TOKEN,
  },
  [SETTINGS_RESOLVERS.updateTenant]: { tenantId: 'contoso', name: 'Contoso HQ' },
  [SETTINGS_RESOLVERS.setTenantEnabled]: { tenantId: 'contoso', enabled: false },
  [SETTINGS_RESOLVERS.deleteTenant]: { tenantId: 'contoso' },
  [SETTINGS_RESOLVERS.testTenant]: { tenantId: 'contoso' },
  [SETTINGS_RESOLVERS.setAbuseIpdbKey]: { apiKey: 'replacement-abuseipdb-key-0000' },
  [SETTINGS_RESOLVERS.testAbuseIpdbKey]: {},
  [SETTINGS_RESOLVERS.getJiraMeta]: {},
  [SETTINGS_RESOLVERS.syncNow]: {},
  [SETTINGS_RESOLVERS.listRuns]: {},
  [SETTINGS_RESOLVERS.listFailedAlerts]: {},
  [SETTINGS_RESOLVERS.retryFailedAlerts]: { tenantId: 'contoso', alertIds: ['a1'] },
  [SETTINGS_RESOLVERS.dismissFailedAlerts]: { tenantId: 'contoso', alertIds: ['a1'] },
  [SETTINGS_RESOLVERS.previewRules]: { rules: [] },
  [SETTINGS_RESOLVERS.deleteAbuseIpdbKey]: {},
  [SETTINGS_RESOLVERS.purgeProjectData]: { confirmProjectKey: 'SEC' },
  [SETTINGS_RESOLVERS.getWriteBackMeta]: {},
};

/** Resolvers that remove what the other calls of a test need: called last, on their own. */
const DESTRUCTIVE: string[] = [
  SETTINGS_RESOLVERS.deleteTenant,
  SETTINGS_RESOLVERS.deleteAbuseIpdbKey,
  SETTINGS_RESOLVERS.purgeProjectData,
];

let harness: ForgeHarness;
let logs: string[];
const answers: string[] = [];

const call = settingsCaller(() => harness, answers);

function storedState(): string {
  return JSON.stringify([[...platform.kv.entries()], [...platform.secrets.entries()]]);
}

beforeEach(async () => {
  logs = captureLogs();
  harness = await startForgeHarness();
});
afterEach(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

describe('who may use the settings resolver', () => {
  it('refuses a user without project-admin rights on every resolver, and changes nothing', async () => {
    const before = storedState();
    for (const [name, payload] of Object.entries(VALID_PAYLOADS)) {
      const answer = await call(name, payload, ANALYST);
      expect({ name, answer }).toMatchObject({
        name,
        answer: { ok: false, error: { code: 'FORBIDDEN' } },
      });
    }
    expect(storedState()).toBe(before);
    expect(platform.pushed).toHaveLength(0);
  });

  it('refuses a call without a project in the trusted context, whatever the payload says', async () => {
    const answer = await call(
      SETTINGS_RESOLVERS.getOverview,
      { projectKey: 'SEC' },
      SANDBOX_JIRA_ADMIN,
      {},
    );
    expect(answer.ok).toBe(false);
    const other = await call(SETTINGS_RESOLVERS.getOverview, {}, SANDBOX_JIRA_ADMIN, {});
    expect(other).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('serves a project admin', async () => {
    const answer = await call(SETTINGS_RESOLVERS.getOverview, {});
    expect(answer.ok).toBe(true);
  });
});

describe('invalid payloads', () => {
  const cases: Array<[string, string, unknown, string]> = [
    [
      'wrong type',
      SETTINGS_RESOLVERS.setTenantEnabled,
      { tenantId: 'contoso', enabled: 'yes' },
      'enabled',
    ],
    [
      'unknown field',
      SETTINGS_RESOLVERS.updateTenant,
      { tenantId: 'contoso', isAdmin: true },
      'isAdmin',
    ],
    [
      'oversize string',
      SETTINGS_RESOLVERS.addTenant,
      { name: 'x'.repeat(101), url: portalUrl('x'), token: NEW_TOKEN },
      'name',
    ],
    [
      'metadata address as tenant URL',
      SETTINGS_RESOLVERS.addTenant,
      { name: 'Evil', url: 'http://169.254.169.254/', token: NEW_TOKEN },
      'url',
    ],
    [
      'loopback tenant URL on Forge',
      SETTINGS_RESOLVERS.updateTenant,
      { tenantId: 'contoso', url: 'http://127.0.0.1:8080/api/' },
      'url',
    ],
    [
      'project key smuggled into the config',
      SETTINGS_RESOLVERS.saveConfig,
      { config: { issueType: 'Task', projectKey: 'OTHER' } },
      'config.projectKey',
    ],
    ['oversize secret', SETTINGS_RESOLVERS.setAbuseIpdbKey, { apiKey: 'k'.repeat(2001) }, 'apiKey'],
  ];

  it.each(cases)(
    'refuses %s with a field message and stores nothing',
    async (_what, name, payload, field) => {
      const before = storedState();
      const answer = await call(name, payload);
      expect(answer.ok).toBe(false);
      if (answer.ok) return;
      expect(answer.error.code).toBe('INVALID_INPUT');
      expect(answer.error.fieldErrors?.[field]).toEqual(expect.any(String));
      expect(storedState()).toBe(before);
    },
  );
});

describe('saving triage rules checks what they name', () => {
  const rule = (id: string, extra: Record<string, unknown>) => ({
    id,
    name: `Rule ${id}`,
    enabled: true,
    conditions: [],
    actions: {},
    ...extra,
  });

  it('refuses an issue type the project lacks, an unknown priority, user list and tenant, and stores nothing', async () => {
    const before = storedState();
    const answer = await call(SETTINGS_RESOLVERS.saveConfig, {
      config: {
        issueType: 'Task',
        rules: [
          rule('a', { actions: { issueType: 'Incident', priority: 'Urgent!!' } }),
          rule('b', { conditions: [{ type: 'userList', list: 'VIPs' }] }),
          rule('c', { conditions: [{ type: 'tenant', tenantIds: ['contoso', 'nowhere'] }] }),
        ],
      },
    });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('INVALID_INPUT');
    expect(answer.error.message).toContain('Triage rules tab');
    const errors = answer.error.fieldErrors ?? {};
    expect(errors['config.rules.0.actions.issueType']).toMatch(
      /issue type "Incident", which project \w+ does not have \(it has Task/,
    );
    expect(errors['config.rules.0.actions.priority']).toContain('"Urgent!!"');
    expect(errors['config.rules.1.conditions.0.list']).toContain('user list "VIPs"');
    expect(errors['config.rules.2.conditions.0.tenantIds']).toContain('"nowhere"');
    expect(errors['config.rules.2.conditions.0.tenantIds']).not.toContain('"contoso"');
    expect(storedState()).toBe(before);
  });

  it('refuses an assignee Jira would not assign in the project, and saves one it would', async () => {
    const before = storedState();
    const refused = await call(SETTINGS_RESOLVERS.saveConfig, {
      config: {
        issueType: 'Task',
        rules: [
          rule('a', { actions: { assignee: 'no-such-account' } }),
          rule('b', { actions: { assignee: OUTSIDER.accountId } }),
        ],
      },
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const errors = refused.error.fieldErrors ?? {};
    expect(errors['config.rules.0.actions.assignee']).toContain(
      'no-such-account, who cannot be assigned issues in project SEC',
    );
    expect(errors['config.rules.1.actions.assignee']).toContain(OUTSIDER.accountId);
    expect(storedState()).toBe(before);

    const saved = await call(SETTINGS_RESOLVERS.saveConfig, {
      config: {
        issueType: 'Task',
        rules: [rule('a', { actions: { assignee: ANALYST.accountId } })],
      },
    });
    expect(saved.ok).toBe(true);
  });

  it('saves rules whose issue type, priority, list and tenant exist', async () => {
    const answer = await call(SETTINGS_RESOLVERS.saveConfig, {
      config: {
        issueType: 'Task',
        userLists: [{ name: 'VIPs', entries: ['ceo@contoso.test'] }],
        rules: [
          rule('a', { actions: { issueType: 'bug', priority: 'Highest' } }),
          rule('b', { conditions: [{ type: 'userList', list: 'vips' }] }),
          rule('c', { conditions: [{ type: 'tenant', tenantIds: ['contoso'] }] }),
        ],
      },
    });
    expect(answer.ok).toBe(true);
  });
});

describe('the write-back settings (issue 16)', () => {
  const saveWriteBack = (writeBack: unknown) =>
    call(SETTINGS_RESOLVERS.saveConfig, { config: { issueType: 'Task', writeBack } });

  it("offers the site's resolutions and the project's statuses", async () => {
    const answer = await call(SETTINGS_RESOLVERS.getWriteBackMeta, {});
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.data).toEqual({
      resolutions: [
        { id: '10000', name: 'Done' },
        { id: '10001', name: "Won't Do" },
        { id: '10002', name: 'Duplicate' },
        { id: '10003', name: 'Cannot Reproduce' },
      ],
      statuses: [
        { id: '10000', name: 'To Do', category: 'new' },
        { id: '10001', name: 'In Progress', category: 'indeterminate' },
        { id: '10002', name: 'Done', category: 'done' },
      ],
    });
  });

  it('refuses a resolution Jira lacks, a reason the closure does not take, a duplicate row and a foreign status, on their fields, and stores nothing', async () => {
    const before = storedState();
    const answer = await saveWriteBack({
      closures: [
        { resolution: 'Done', closure: 'truePositive' },
        { resolution: 'Fixed', closure: 'benign', reasonId: 2 },
        { resolution: 'Duplicate', closure: 'falsePositive', reasonId: 5 },
      ],
      defenderClosedStatus: { id: '99999', name: 'Archived' },
    });
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    // The schema speaks first: a reason MCAS does not take for the closure.
    expect(answer.error.fieldErrors?.['config.writeBack.closures.2.reasonId']).toContain(
      'falsePositive reasons: 0, 1, 3, 4',
    );
    expect(storedState()).toBe(before);

    const againstJira = await saveWriteBack({
      closures: [
        { resolution: 'Done', closure: 'truePositive' },
        { resolution: 'Fixed', closure: 'benign', reasonId: 2 },
      ],
      defenderClosedStatus: { id: '99999', name: 'Archived' },
    });
    expect(againstJira.ok).toBe(false);
    if (againstJira.ok) return;
    expect(againstJira.error.message).toContain('Write-back tab');
    expect(againstJira.error.fieldErrors).toEqual({
      'config.writeBack.closures.1.resolution': expect.stringContaining(
        'Jira has no resolution "Fixed"',
      ) as string,
      'config.writeBack.defenderClosedStatus': expect.stringContaining('"Archived"') as string,
    });
    expect(storedState()).toBe(before);

    const twice = await saveWriteBack({
      closures: [
        { resolution: 'Done', closure: 'truePositive' },
        { resolution: 'done', closure: 'benign' },
      ],
    });
    expect(twice.ok).toBe(false);
    if (twice.ok) return;
    expect(twice.error.fieldErrors?.['config.writeBack.closures.1.resolution']).toContain(
      'mapped twice',
    );
  });

  it('saves a map of real resolutions and a project status', async () => {
    const writeBack = {
      closures: [
        { resolution: 'Done', closure: 'truePositive' },
        { resolution: 'Cannot Reproduce', closure: 'benign', reasonId: 6 },
      ],
      otherResolutions: 'falsePositive',
      defenderClosedStatus: { id: '10002', name: 'Done' },
    };
    const answer = await saveWriteBack(writeBack);
    expect(answer.ok).toBe(true);
    const overview = await call(SETTINGS_RESOLVERS.getOverview, {});
    expect(overview.ok && overview.data).toMatchObject({ config: { writeBack } });
  });
});

describe('what a project admin does', () => {
  it('adds a tenant whose token is only ever shown as a hint, tests it, syncs it', async () => {
    const added = await call(
      SETTINGS_RESOLVERS.addTenant,
      VALID_PAYLOADS[SETTINGS_RESOLVERS.addTenant],
    );
    expect(added).toMatchObject({
      ok: true,
      data: { tenant: { id: 'woodgrove', token: { set: true, lastFour: 'cdef' } } },
    });

    const monday = harness.tenants[0];
    const connected = await call(SETTINGS_RESOLVERS.testTenant, { tenantId: monday?.id });
    expect(connected).toMatchObject({ ok: true, data: { outcome: 'connected' } });
    const wrong = await call(SETTINGS_RESOLVERS.testTenant, {
      url: monday?.url,
      token: 'not-the-token',
    });
    expect(wrong).toMatchObject({ ok: true, data: { outcome: 'failed', problem: 'wrongToken' } });

    const key = await call(SETTINGS_RESOLVERS.testAbuseIpdbKey, {});
    expect(key).toMatchObject({ ok: true, data: { outcome: 'valid' } });

    const meta = await call(SETTINGS_RESOLVERS.getJiraMeta, {});
    expect(meta.ok).toBe(true);
    if (meta.ok) {
      const fields = meta.data.fields as Array<{ fieldId: string; serves: string[] }>;
      expect(fields.find((field) => field.fieldId === 'customfield_10055')?.serves).toContain(
        'reportedIps',
      );
      expect(meta.data.priorities).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'Highest' })]),
      );
    }

    // The Woodgrove tenant has no simulator behind it: disable it so "Sync now" syncs Monday's.
    await call(SETTINGS_RESOLVERS.setTenantEnabled, { tenantId: 'woodgrove', enabled: false });
    const queued = await call(SETTINGS_RESOLVERS.syncNow, {});
    expect(queued).toMatchObject({ ok: true });
    for (const event of takePushed()) await worker({ body: event.body });
    expect(harness.sandbox.jira.issues()).toHaveLength(15);

    const runs = await call(SETTINGS_RESOLVERS.listRuns, {});
    expect(runs.ok && (runs.data.runs as unknown[]).length).toBe(3);
    const overview = await call(SETTINGS_RESOLVERS.getOverview, {});
    const tenants = overview.ok
      ? (overview.data.tenants as Array<{ id: string; lastRun?: { created: number } }>)
      : [];
    expect(tenants.find((tenant) => tenant.id === monday?.id)?.lastRun?.created).toBe(
      harness.sandbox.jira
        .issues()
        .filter(
          (issue) =>
            (issue.properties['mcas.alert'] as { tenantId: string }).tenantId === monday?.id,
        ).length,
    );
  });

  it('never puts a stored token or key in an answer or a log line', async () => {
    for (const [name, payload] of Object.entries(VALID_PAYLOADS)) {
      if (DESTRUCTIVE.includes(name)) continue;
      await call(name, payload);
    }
    await call(SETTINGS_RESOLVERS.testTenant, {
      url: harness.tenants[1]?.url,
      token: 'wrong-but-secret-token-xyz',
    });
    for (const event of takePushed()) await worker({ body: event.body });
    await call(SETTINGS_RESOLVERS.getOverview, {});
    await call(SETTINGS_RESOLVERS.deleteTenant, { tenantId: 'contoso' });

    const secrets = [
      ...harness.tenants.map((tenant) => tenant.token),
      harness.abuseIpdbKey,
      NEW_TOKEN,
      'replacement-abuseipdb-key-0000',
      'wrong-but-secret-token-xyz',
    ];
    const everything = [...answers, ...logs].join('\n');
    expect(answers.length).toBeGreaterThan(15);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
