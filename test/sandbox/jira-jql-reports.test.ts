import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const AUTH = `Basic ${Buffer.from(`${SANDBOX_JIRA_ADMIN.email}:${SANDBOX_JIRA_ADMIN.apiToken}`).toString('base64')}`;

describe('Jira simulator: the JQL of reports', () => {
  let sandbox: Sandbox;

  const search = async (jql: string) => {
    const response = await fetch(`${sandbox.jira.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jql, fields: ['key'], maxResults: 100 }),
    });
    const body = (await response.json()) as {
      issues?: { key: string }[];
      errorMessages?: string[];
    };
    return { status: response.status, keys: body.issues?.map((i) => i.key).sort(), body };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ now: () => NOW });
    const add = (created: number, summary: string, property: Record<string, unknown>) =>
      sandbox.jira.importIssue({
        projectKey: 'SEC',
        created,
        fields: { summary },
        properties: {
          'mcas.alert': {
            alertId: summary,
            tenantId: 'contoso',
            severity: 'high',
            timestamp: created,
            ...property,
          },
        },
      });
    add(NOW - 10 * DAY, 'Impossible travel activity', {
      category: 'compromised-user',
      users: ['alice@contoso.com', 'bob@contoso.com'],
      ips: ['150.129.8.24'],
      maxAbuseScore: 100,
      alertTime: new Date(NOW - 10 * DAY).toISOString(),
    }); // SEC-1
    add(NOW - 2 * DAY, 'Mass download by a single user', {
      users: ['bob@contoso.com'],
      maxAbuseScore: 20,
    }); // SEC-2
    add(NOW - DAY, 'Risky sign-in: anonymous IP address', {}); // SEC-3
    sandbox.jira.resolveIssue('SEC-1', 'Done', NOW - 9 * DAY);
  });
  afterAll(() => sandbox.close());

  it('compares created and resolved dates, read in UTC', async () => {
    expect(
      (
        await search(
          'project = SEC AND created >= "2026-11-28 00:00" AND created < "2026-11-29 08:00"',
        )
      ).keys,
    ).toEqual(['SEC-2']);
    expect((await search('project = SEC AND created >= "2026/11/20"')).keys).toEqual([
      'SEC-1',
      'SEC-2',
      'SEC-3',
    ]);
    expect(
      (await search('project = SEC AND resolved >= "2026-11-21" AND resolved < "2026-11-22"')).keys,
    ).toEqual(['SEC-1']);
  });

  it('knows resolution, Unresolved and is EMPTY', async () => {
    expect((await search('project = SEC AND resolution = Unresolved')).keys).toEqual([
      'SEC-2',
      'SEC-3',
    ]);
    expect((await search('project = SEC AND resolution = "Done"')).keys).toEqual(['SEC-1']);
    expect((await search('project = SEC AND mcasCategory is EMPTY')).keys).toEqual([
      'SEC-2',
      'SEC-3',
    ]);
    expect((await search('project = SEC AND mcasCategory is not EMPTY')).keys).toEqual(['SEC-1']);
  });

  it('answers the report aliases by their declared types; arrays match on any element', async () => {
    expect((await search('project = SEC AND mcasUser = "bob@contoso.com"')).keys).toEqual([
      'SEC-1',
      'SEC-2',
    ]);
    expect((await search('project = SEC AND mcasIp = "150.129.8.24"')).keys).toEqual(['SEC-1']);
    expect((await search('project = SEC AND mcasAbuseScore >= 20')).keys).toEqual([
      'SEC-1',
      'SEC-2',
    ]);
    expect((await search('project = SEC AND mcasAbuseScore > 20')).keys).toEqual(['SEC-1']);
    expect((await search('project = SEC AND mcasAlertTime < "2026-11-25"')).keys).toEqual([
      'SEC-1',
    ]);
    expect((await search('project = SEC AND mcasCategory = "compromised-user"')).keys).toEqual([
      'SEC-1',
    ]);
  });

  it('searches summaries for a phrase of words', async () => {
    expect(
      (await search('project = SEC AND summary ~ "\\"risky sign-in: anonymous IP\\""')).keys,
    ).toEqual(['SEC-3']);
    expect((await search('project = SEC AND summary ~ "\\"mass download\\""')).keys).toEqual([
      'SEC-2',
    ]);
  });

  it('refuses what Jira refuses', async () => {
    const bad = await search('project = SEC AND created >= "last tuesday"');
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages?.[0]).toMatch(
      /Date value 'last tuesday' for field 'created' is invalid/,
    );
    expect((await search('project = SEC AND mcasTenant ~ "contoso"')).status).toBe(400);
  });
});
