/**
 * A tenant read through Microsoft Graph, through the Forge handlers: the settings resolver tests
 * and adds it without a URL (it gets https://graph.microsoft.com, the declared egress), refuses
 * an API token for it, and the worker syncs it. The client secret is in no answer or log line.
 */
import './mocks';
import { SETTINGS_RESOLVERS } from '../../src/contract/settings';
import { worker } from '../../src/index';
import { GRAPH_DEMO_TENANT, seedGraphDemoTenant } from '../../sandbox/scenarios/graph-demo';
import { platform } from './fakes/platform';
import type { ForgeHarness } from './harness';
import { captureLogs, settingsCaller, startForgeHarness, takePushed } from './harness';

const { domain: DIRECTORY, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } = GRAPH_DEMO_TENANT;

let harness: ForgeHarness;
let logs: string[];
const answers: string[] = [];

const call = settingsCaller(() => harness, answers);

const GRAPH_TENANT = {
  name: 'Tailspin Toys',
  source: 'graph',
  authMode: 'entra',
  entraTenantId: DIRECTORY,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
};

beforeEach(async () => {
  logs = captureLogs();
  harness = await startForgeHarness();
  const { sandbox } = harness;
  // Tailspin Toys: an Entra app with the Graph permission and two alerts Graph lists.
  seedGraphDemoTenant(sandbox, Date.now());
  platform.egress.push({ from: 'https://graph.microsoft.com/', to: `${sandbox.graph.url}/` });
  sandbox.graph.publicOrigin = 'https://graph.microsoft.com';
});
afterEach(async () => {
  jest.restoreAllMocks();
  await harness.close();
});

describe('a Microsoft Graph tenant through the Forge handlers', () => {
  it('is tested, added with Graph’s URL, shown with its source and synced by the worker', async () => {
    const { name: _name, ...credentials } = GRAPH_TENANT;
    const unsaved = await call(SETTINGS_RESOLVERS.testTenant, credentials);
    expect(unsaved).toMatchObject({ ok: true, data: { outcome: 'connected', openAlerts: 2 } });

    const added = await call(SETTINGS_RESOLVERS.addTenant, GRAPH_TENANT);
    expect(added).toMatchObject({
      ok: true,
      data: {
        tenant: {
          id: 'tailspin-toys',
          source: 'graph',
          url: 'https://graph.microsoft.com',
          authMode: 'entra',
          token: { set: true, lastFour: CLIENT_SECRET.slice(-4) },
        },
      },
    });

    const queued = await call(SETTINGS_RESOLVERS.syncNow, { tenantIds: ['tailspin-toys'] });
    expect(queued).toMatchObject({ ok: true });
    for (const event of takePushed()) await worker({ body: event.body });
    const tailspinIssues = harness.sandbox.jira
      .issues()
      .filter(
        (issue) =>
          (issue.properties['mcas.alert'] as { tenantId: string }).tenantId === 'tailspin-toys',
      );
    expect(tailspinIssues).toHaveLength(2);

    const everything = [...answers, ...logs].join('\n');
    expect(everything).not.toContain(CLIENT_SECRET);
  });

  it('refuses an API token or a URL that is not Graph for a Graph tenant, storing nothing', async () => {
    const before = JSON.stringify([...platform.kv.entries(), ...platform.secrets.entries()]);
    const withToken = await call(SETTINGS_RESOLVERS.addTenant, {
      name: 'Tailspin Toys',
      source: 'graph',
      authMode: 'token',
      token: 'an-mcas-api-token',
    });
    expect(withToken).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        fieldErrors: { authMode: expect.stringContaining('Entra app') as unknown },
      },
    });
    const elsewhere = await call(SETTINGS_RESOLVERS.addTenant, {
      ...GRAPH_TENANT,
      url: 'https://graph.evil.example',
    });
    expect(elsewhere).toMatchObject({
      ok: false,
      error: {
        fieldErrors: { url: expect.stringContaining('https://graph.microsoft.com') as unknown },
      },
    });
    expect(JSON.stringify([...platform.kv.entries(), ...platform.secrets.entries()])).toBe(before);
  });
});
