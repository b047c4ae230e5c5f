import type { Sandbox } from '../../sandbox/sim';
import { SANDBOX_JIRA_ADMIN, startSandbox } from '../../sandbox/sim';

const NOW = Date.UTC(2026, 10, 30, 8, 0, 0);
const adf = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const basic = (email: string, token: string) =>
  `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
const ADMIN_AUTH = basic(SANDBOX_JIRA_ADMIN.email, SANDBOX_JIRA_ADMIN.apiToken);

function issue(summary: string, extra: Record<string, unknown> = {}, alertId = summary) {
  return {
    fields: { project: { key: 'SEC' }, issuetype: { id: '10001' }, summary, ...extra },
    properties: [
      {
        key: 'mcas.alert',
        value: { alertId, tenantId: 'contoso', severity: 'high', timestamp: 1 },
      },
    ],
  };
}

interface MetaField {
  fieldId: string;
  required: boolean;
  schema: { type: string; custom?: string };
  allowedValues?: unknown[];
}

/** The parts of Jira's answers these tests read. */
interface JiraAnswer {
  issues?: { id: string; key: string }[];
  errors?: unknown;
  errorMessages?: string[];
  nextPageToken?: string;
  isLast?: boolean;
  issueTypes?: { name: string }[];
  fields?: unknown;
  total?: number;
  values?: { id: string; name: string }[];
  permissions?: Record<string, { havePermission: boolean }>;
}

describe('Jira simulator', () => {
  let sandbox: Sandbox;
  let clock = NOW;

  const call = async (method: string, path: string, body?: unknown, auth = ADMIN_AUTH) => {
    const response = await fetch(`${sandbox.jira.url}${path}`, {
      method,
      headers: {
        Authorization: auth,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as JiraAnswer,
    };
  };

  beforeEach(async () => {
    clock = NOW;
    sandbox = await startSandbox({ now: () => clock });
  });
  afterEach(() => sandbox.close());

  it('bulk-creates with partial failure reported per failedElementNumber', async () => {
    const result = await call('POST', '/rest/api/3/issue/bulk', {
      issueUpdates: [
        issue('Impossible travel activity', {
          description: adf('From NL and US'),
          priority: { name: 'High' },
          labels: ['mcas', 'contoso'],
          customfield_10050: 'https://contoso.portal.cloudappsecurity.com/#/alerts/1',
          customfield_10052: adf('HTML reduced'),
          customfield_10056: { value: 'Compromised user' },
        }),
        issue('Bad one', { customfield_10099: 'x' }),
        issue('Also good'),
      ],
    });
    expect(result.status).toBe(201);
    expect(result.body.issues?.map((i) => i.key)).toEqual(['SEC-1', 'SEC-2']);
    expect(result.body.errors).toEqual([
      {
        status: 400,
        elementErrors: {
          errorMessages: [],
          errors: {
            customfield_10099:
              "Field 'customfield_10099' cannot be set. It is not on the appropriate screen, or unknown.",
          },
          status: 400,
        },
        failedElementNumber: 1,
      },
    ]);
    const [first, second] = sandbox.jira.issues();
    expect(first?.fields.priority).toMatchObject({ id: '2', name: 'High' });
    expect(first?.fields.customfield_10056).toMatchObject({ value: 'Compromised user' });
    expect(first?.properties['mcas.alert']).toMatchObject({
      alertId: 'Impossible travel activity',
    });
    expect(second?.fields.priority).toMatchObject({ name: 'Medium' });
  });

  it('validates fields the way Jira does', async () => {
    const errorsOf = async (extra: Record<string, unknown>, summary = 'S') =>
      (await call('POST', '/rest/api/3/issue', issue(summary, extra))).body.errors as Record<
        string,
        string
      >;
    expect(await errorsOf({ customfield_10052: 'plain text' })).toEqual({
      customfield_10052:
        'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
    });
    expect(await errorsOf({ customfield_10054: adf('1.2.3.4') })).toEqual({
      customfield_10054: 'Operation value must be a string',
    });
    expect(await errorsOf({}, 'x'.repeat(256))).toEqual({
      summary: 'Summary must be less than 255 characters.',
    });
    expect(await errorsOf({ customfield_10051: 'y'.repeat(256) })).toEqual({
      customfield_10051:
        'The entered text is too long. It exceeds the allowed limit of 255 characters.',
    });
    expect(await errorsOf({ priority: { name: 'Urgent' } })).toEqual({
      priority: "Priority name 'Urgent' is not valid",
    });
    expect(await errorsOf({ customfield_10056: { value: 'Cats' } })).toEqual({
      customfield_10056: "Option value 'Cats' is not valid",
    });
    expect(await errorsOf({ nonsense: 1 })).toEqual({
      nonsense: "Field 'nonsense' cannot be set. It is not on the appropriate screen, or unknown.",
    });
    const noType = await call('POST', '/rest/api/3/issue', {
      fields: { project: { key: 'SEC' }, issuetype: { id: '99' }, summary: 's' },
    });
    expect(noType.body.errors).toEqual({ issuetype: 'Specify a valid issue type' });

    sandbox.jira.addCustomField(
      { id: 'customfield_10070', name: 'Root cause', type: 'textfield' },
      { projectKey: 'SEC', issueTypeIds: ['10001'], required: true },
    );
    expect(await errorsOf({})).toEqual({ customfield_10070: 'Root cause is required.' });
    expect(sandbox.jira.issues()).toHaveLength(0);
  });

  it('refuses bulk creates over 50 and lets a test reject matching creates', async () => {
    const tooMany = await call('POST', '/rest/api/3/issue/bulk', {
      issueUpdates: Array.from({ length: 51 }, (_, i) => issue(`A${i}`)),
    });
    expect(tooMany.status).toBe(400);
    sandbox.jira.rejectWhen((fields) => fields.summary === 'Doomed');
    const result = await call('POST', '/rest/api/3/issue/bulk', {
      issueUpdates: [issue('Doomed')],
    });
    expect(result.status).toBe(400);
    expect(result.body.errors).toMatchObject([{ failedElementNumber: 0 }]);
    expect(sandbox.jira.issues()).toHaveLength(0);
  });

  it('describes the create screen through paged createmeta, fields and priorities', async () => {
    const types = await call(
      'GET',
      '/rest/api/3/issue/createmeta/SEC/issuetypes?startAt=1&maxResults=1',
    );
    expect(types.body).toMatchObject({ startAt: 1, maxResults: 1, total: 3 });
    expect(types.body.issueTypes?.map((t) => t.name)).toEqual(['Bug']);

    const fields: MetaField[] = [];
    for (let startAt = 0, total = 1; startAt < total; startAt += 5) {
      const page = await call(
        'GET',
        `/rest/api/3/issue/createmeta/10000/issuetypes/10003?startAt=${startAt}&maxResults=5`,
      );
      total = page.body.total ?? 0;
      fields.push(...((page.body.fields as MetaField[] | undefined) ?? []));
    }
    const byId = Object.fromEntries(fields.map((f) => [f.fieldId, f]));
    expect(Object.keys(byId)).toContain('customfield_10056');
    expect(byId.customfield_10099).toBeUndefined();
    expect(byId.summary).toMatchObject({
      required: true,
      schema: { type: 'string', system: 'summary' },
    });
    expect(byId.customfield_10055?.schema.custom).toBe(
      'com.atlassian.jira.plugin.system.customfieldtypes:textarea',
    );
    expect(byId.customfield_10056?.allowedValues).toHaveLength(11);
    expect(byId.priority).toMatchObject({ hasDefaultValue: true });

    const all = await call('GET', '/rest/api/3/field');
    expect((all.body as unknown as { id: string }[]).map((f) => f.id)).toContain(
      'customfield_10099',
    );
    const priorities = await call('GET', '/rest/api/3/priority/search');
    expect(priorities.body.values?.map((p) => `${p.id}:${p.name}`)).toEqual([
      '1:Highest',
      '2:High',
      '3:Medium',
      '4:Low',
      '5:Lowest',
    ]);
  });

  it('searches with JQL over the property aliases with nextPageToken paging; the old search is gone', async () => {
    for (const id of ['a', 'b', 'c']) {
      await call('POST', '/rest/api/3/issue', issue(`Alert ${id}`, {}, id));
      clock += 1000;
    }
    const first = await call('POST', '/rest/api/3/search/jql', {
      jql: 'project = SEC AND mcasAlertId in ("a", "c") ORDER BY created ASC',
      maxResults: 1,
      fields: ['summary'],
      properties: ['mcas.alert'],
    });
    expect(first.body.issues).toEqual([
      {
        id: '10000',
        key: 'SEC-1',
        self: `${sandbox.jira.url}/rest/api/3/issue/10000`,
        fields: { summary: 'Alert a' },
        properties: {
          'mcas.alert': { alertId: 'a', tenantId: 'contoso', severity: 'high', timestamp: 1 },
        },
      },
    ]);
    expect(first.body.isLast).toBe(false);
    const second = await call(
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent('project = SEC AND mcasAlertId in ("a", "c") ORDER BY created ASC')}&maxResults=1&nextPageToken=${first.body.nextPageToken ?? ''}`,
    );
    expect(second.body).toEqual({ issues: [{ id: '10002' }], isLast: true });

    const byProperty = await call(
      'GET',
      `/rest/api/3/search/jql?fields=key&jql=${encodeURIComponent('issue.property[mcas.alert].alertId = "b" AND mcasTenant = "contoso"')}`,
    );
    expect(byProperty.body.issues?.map((i) => i.key)).toEqual(['SEC-2']);

    const bad = await call(
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent('assignee = me')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages).toEqual([
      "Field 'assignee' does not exist or you do not have permission to view it.",
    ]);
    expect((await call('GET', `/rest/api/3/search?jql=project%3DSEC`)).status).toBe(410);
  });

  it('answers permissions, issues, properties and comments per user', async () => {
    sandbox.jira.addUser({
      accountId: 'analyst-1',
      email: 'analyst@sandbox.test',
      apiToken: 'analyst-token',
      displayName: 'Analyst',
      projectAdmin: [],
      browse: ['SEC'],
    });
    sandbox.jira.addUser({
      accountId: 'outsider-1',
      email: 'outsider@sandbox.test',
      apiToken: 'outsider-token',
      displayName: 'Outsider',
      projectAdmin: [],
      browse: [],
    });
    const analyst = basic('analyst@sandbox.test', 'analyst-token');
    const outsider = basic('outsider@sandbox.test', 'outsider-token');
    const perms =
      '/rest/api/3/mypermissions?projectKey=SEC&permissions=ADMINISTER_PROJECTS,BROWSE_PROJECTS';
    const have = async (auth: string) => {
      const body = (await call('GET', perms, undefined, auth)).body as {
        permissions: Record<string, { havePermission: boolean }>;
      };
      return [
        body.permissions.ADMINISTER_PROJECTS?.havePermission,
        body.permissions.BROWSE_PROJECTS?.havePermission,
      ];
    };
    expect(await have(ADMIN_AUTH)).toEqual([true, true]);
    expect(await have(analyst)).toEqual([false, true]);
    expect(await have(outsider)).toEqual([false, false]);
    expect(
      (await call('GET', '/rest/api/3/myself', undefined, basic('analyst@sandbox.test', 'bad')))
        .status,
    ).toBe(401);

    await call('POST', '/rest/api/3/issue', issue('Mass download'));
    expect((await call('GET', '/rest/api/3/issue/SEC-1', undefined, outsider)).status).toBe(404);
    const seen = await call(
      'GET',
      '/rest/api/3/issue/SEC-1?fields=summary,priority',
      undefined,
      analyst,
    );
    expect(seen.body.fields).toMatchObject({
      summary: 'Mass download',
      priority: { name: 'Medium' },
    });
    expect(Object.keys(seen.body.fields as object).sort()).toEqual(['priority', 'summary']);

    expect(
      (await call('PUT', '/rest/api/3/issue/SEC-1/properties/mcas.enrichment', { findings: [] }))
        .status,
    ).toBe(201);
    expect((await call('GET', '/rest/api/3/issue/SEC-1/properties/mcas.enrichment')).body).toEqual({
      key: 'mcas.enrichment',
      value: { findings: [] },
    });
    const big = { blob: 'x'.repeat(33_000) };
    expect((await call('PUT', '/rest/api/3/issue/SEC-1/properties/big', big)).status).toBe(400);

    expect(
      (await call('POST', '/rest/api/3/issue/SEC-1/comment', { body: 'plain' }, analyst)).status,
    ).toBe(400);
    expect(
      (await call('POST', '/rest/api/3/issue/SEC-1/comment', { body: adf('Re-checked') }, analyst))
        .status,
    ).toBe(201);
    expect(
      (await call('POST', '/rest/api/3/issue/SEC-1/comment', { body: adf('Second') }, analyst))
        .status,
    ).toBe(201);
    // Newest first, one a page, as the repeat grouping reads them back.
    const newest = await call(
      'GET',
      '/rest/api/3/issue/SEC-1/comment?orderBy=-created&maxResults=1',
    );
    expect(newest.body).toMatchObject({ total: 2, comments: [{ body: adf('Second') }] });
    expect(
      (await call('PUT', '/rest/api/3/issue/SEC-1', { fields: { summary: '' } })).body.errors,
    ).toEqual({
      summary: 'You must specify a summary of the issue.',
    });
    expect(
      (
        await call('PUT', '/rest/api/3/issue/SEC-1', {
          fields: { customfield_10054: '203.0.113.9' },
        })
      ).status,
    ).toBe(204);
    expect(sandbox.jira.issues()[0]).toMatchObject({
      fields: { customfield_10054: '203.0.113.9' },
      comments: [
        { authorAccountId: 'analyst-1', body: adf('Re-checked') },
        { authorAccountId: 'analyst-1', body: adf('Second') },
      ],
    });

    // Edit issue sets `properties` as part of the edit: all of it, or (a field refused) none.
    const owed = { findings: [{ ip: '203.0.113.9', range: 'documentation' }] };
    const refused = await call('PUT', '/rest/api/3/issue/SEC-1', {
      fields: { summary: '' },
      properties: [{ key: 'mcas.enrichment', value: owed }],
    });
    expect(refused.status).toBe(400);
    expect(sandbox.jira.issues()[0]?.properties['mcas.enrichment']).toEqual({ findings: [] });
    expect(
      (
        await call('PUT', '/rest/api/3/issue/SEC-1', {
          fields: { customfield_10054: '198.51.100.7' },
          properties: [{ key: 'mcas.enrichment', value: owed }],
        })
      ).status,
    ).toBe(204);
    expect(sandbox.jira.issues()[0]).toMatchObject({
      fields: { customfield_10054: '198.51.100.7' },
      properties: { 'mcas.enrichment': owed },
    });
    const tooBig = [{ key: 'big', value: { blob: 'x'.repeat(33_000) } }];
    expect(
      (await call('PUT', '/rest/api/3/issue/SEC-1', { fields: {}, properties: tooBig })).status,
    ).toBe(400);
  });

  it('shows the created issues on an escaped read-only HTML page', async () => {
    sandbox.jira.setIssueLinkTemplate((key) => `http://127.0.0.1:9/panel?issue=${key}`);
    await call(
      'POST',
      '/rest/api/3/issue',
      issue('<script>alert(1)</script>', { customfield_10053: 'ann@contoso.com' }),
    );
    const list = await (await fetch(`${sandbox.jira.url}/`)).text();
    expect(list).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list).not.toContain('<script>');
    expect(list).toContain('href="/browse/SEC-1"');
    expect(list).toContain('http://127.0.0.1:9/panel?issue=SEC-1');
    // A compact list (issue 14, finding 9): the fields and properties are on the issue's page.
    expect(list).not.toContain('ann@contoso.com');
    expect(list).not.toContain('<pre>');
    const page = await (await fetch(`${sandbox.jira.url}/browse/SEC-1`)).text();
    expect(page).toContain('Affected user');
    expect(page).toContain('ann@contoso.com');
  });

  it('lists the issues a page of 100 at a time, newest first, with links between pages', async () => {
    for (let n = 0; n < 101; n += 1) await call('POST', '/rest/api/3/issue', issue(`Alert ${n}`));
    const first = await (await fetch(`${sandbox.jira.url}/`)).text();
    expect(first).toContain('Page 1 of 2');
    expect(first).toContain('Alert 100');
    expect(first).not.toContain('>Alert 0<');
    expect(first).toContain('href="/?page=2"');
    const second = await (await fetch(`${sandbox.jira.url}/?page=2`)).text();
    expect(second).toContain('>Alert 0<');
    expect(second).not.toContain('Alert 100');
  });
});
