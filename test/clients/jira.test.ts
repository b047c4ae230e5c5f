import {
  CredentialError,
  RateLimitError,
  RequestRejectedError,
  UnavailableError,
  UnexpectedResponseError,
} from '../../src/clients/errors';
import { createJiraClient } from '../../src/clients/jira';
import { UnsafeRouteValueError, renderJiraRoute } from '../../src/clients/jira-route';
import type { IssueCreate } from '../../src/clients/jira-types';
import { screenPriorities } from '../../src/clients/jira-types';
import type { JiraActor } from '../../src/ports';
import {
  TEST_POLICY,
  answer,
  fakeClock,
  fakeJira,
  recordingLogger,
  rejection,
  type Script,
} from './fakes';

function setup(options: { as?: JiraActor } = {}, ...script: Script[]) {
  const transport = fakeJira(...script);
  const clock = fakeClock();
  const logger = recordingLogger();
  const client = createJiraClient({
    transport,
    clock,
    logger,
    policy: TEST_POLICY,
    random: () => 0.5,
    ...(options.as ? { as: options.as } : {}),
  });
  const paths = () => transport.calls.map((call) => renderJiraRoute(call.route));
  return { transport, clock, logger, client, paths };
}

function issue(summary: string): IssueCreate {
  return {
    fields: { project: { key: 'SEC' }, issuetype: { id: '10001' }, summary },
    properties: [{ key: 'mcas.alert', value: { alertId: summary } }],
  };
}

const NOT_ON_SCREEN =
  "Field 'customfield_10050' cannot be set. It is not on the appropriate screen, or unknown.";

describe('Jira client: bulk create', () => {
  it('maps a partial failure back to the submitted indexes', async () => {
    const { transport, client, paths } = setup(
      {},
      answer(201, {
        issues: [
          { id: '10100', key: 'SEC-1', self: 'https://x.atlassian.net/rest/api/3/issue/10100' },
          { id: '10101', key: 'SEC-2', self: 'https://x.atlassian.net/rest/api/3/issue/10101' },
          { id: '10102', key: 'SEC-3', self: 'https://x.atlassian.net/rest/api/3/issue/10102' },
        ],
        errors: [
          {
            status: 400,
            elementErrors: { errorMessages: [], errors: { customfield_10050: NOT_ON_SCREEN } },
            failedElementNumber: 3,
          },
          {
            status: 400,
            elementErrors: {
              errorMessages: ['Summary is required.'],
              errors: { summary: 'You must specify a summary of the issue.' },
            },
            failedElementNumber: 1,
          },
        ],
      }),
    );
    const issues = ['a', 'b', 'c', 'd', 'e'].map(issue);
    const result = await client.bulkCreate(issues);
    expect(paths()).toEqual(['/rest/api/3/issue/bulk']);
    expect(transport.calls[0]).toMatchObject({
      method: 'POST',
      as: 'app',
      body: { issueUpdates: issues },
    });
    expect(result.created).toEqual([
      { index: 0, id: '10100', key: 'SEC-1' },
      { index: 2, id: '10101', key: 'SEC-2' },
      { index: 4, id: '10102', key: 'SEC-3' },
    ]);
    expect(result.rejected).toEqual([
      {
        index: 1,
        status: 400,
        message: 'Summary is required.; summary: You must specify a summary of the issue.',
        fieldErrors: { summary: 'You must specify a summary of the issue.' },
      },
      {
        index: 3,
        status: 400,
        message: `customfield_10050: ${NOT_ON_SCREEN}`,
        fieldErrors: { customfield_10050: NOT_ON_SCREEN },
      },
    ]);
  });

  it('reads the 400 Jira gives when every element failed as per-element rejections', async () => {
    const { client } = setup(
      {},
      answer(400, {
        issues: [],
        errors: [0, 1].map((failedElementNumber) => ({
          status: 400,
          elementErrors: { errors: { customfield_10050: NOT_ON_SCREEN } },
          failedElementNumber,
        })),
      }),
    );
    const result = await client.bulkCreate([issue('a'), issue('b')]);
    expect(result.created).toEqual([]);
    expect(result.rejected.map((rejected) => rejected.index)).toEqual([0, 1]);
  });

  it('treats a 400 without per-element errors as a rejection of the whole request', async () => {
    const { client } = setup(
      {},
      answer(400, { errorMessages: ['Invalid request payload.'], errors: {} }),
    );
    const error = await rejection(client.bulkCreate([issue('a')]));
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect(error.message).toBe(
      'Jira rejected the request to create 1 issue (HTTP 400): Invalid request payload.',
    );
  });

  it('refuses to guess when the answer does not add up', async () => {
    const { client } = setup({}, answer(201, { issues: [{ id: '1', key: 'SEC-1' }], errors: [] }));
    const error = await rejection(client.bulkCreate([issue('a'), issue('b')]));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain('2 submitted, 1 created, 0 failed');
  });

  it('takes at most 50 issues and sends nothing for none', async () => {
    const { transport, client } = setup();
    await expect(
      client.bulkCreate(Array.from({ length: 51 }, (_, i) => issue(`${i}`))),
    ).rejects.toThrow(/at most 50/);
    await expect(client.bulkCreate([])).resolves.toEqual({ created: [], rejected: [] });
    expect(transport.calls).toHaveLength(0);
  });
});

describe('Jira client: single create', () => {
  it('returns the id and key of the created issue', async () => {
    const { transport, client, paths } = setup(
      {},
      answer(201, { id: '10100', key: 'SEC-1', self: 'x' }),
    );
    await expect(client.createIssue(issue('a'))).resolves.toEqual({ id: '10100', key: 'SEC-1' });
    expect(paths()).toEqual(['/rest/api/3/issue']);
    expect(transport.calls[0]?.body).toEqual(issue('a'));
  });

  it('maps 400 to RequestRejectedError carrying the field errors', async () => {
    const { client } = setup(
      {},
      answer(400, { errorMessages: [], errors: { customfield_10050: NOT_ON_SCREEN } }),
    );
    const error = await rejection(client.createIssue(issue('a')));
    expect(error).toBeInstanceOf(RequestRejectedError);
    expect((error as RequestRejectedError).fieldErrors).toEqual({
      customfield_10050: NOT_ON_SCREEN,
    });
    expect(error.message).toBe(
      "Jira rejected the request to create an issue (HTTP 400): customfield_10050: Field 'customfield_10050' " +
        'cannot be set. It is not on the appropriate screen, or unknown.',
    );
  });
});

describe('Jira client: create metadata, fields and priorities', () => {
  it('pages the issue types of a project with startAt until total is reached', async () => {
    const { client, paths } = setup(
      {},
      answer(200, {
        maxResults: 2,
        startAt: 0,
        total: 3,
        issueTypes: [
          { id: '10001', name: 'Task', subtask: false },
          { id: '10002', name: 'Bug', subtask: false },
        ],
      }),
      answer(200, {
        maxResults: 2,
        startAt: 2,
        total: 3,
        createMetaIssueType: [{ id: '10003', name: 'Incident' }],
      }),
    );
    await expect(client.getCreateMetaIssueTypes('SEC')).resolves.toEqual([
      { id: '10001', name: 'Task' },
      { id: '10002', name: 'Bug' },
      { id: '10003', name: 'Incident' },
    ]);
    expect(paths()).toEqual([
      '/rest/api/3/issue/createmeta/SEC/issuetypes?startAt=0&maxResults=50',
      '/rest/api/3/issue/createmeta/SEC/issuetypes?startAt=2&maxResults=50',
    ]);
  });

  it("reads a create screen's fields with their schema and allowed values", async () => {
    const { client, paths } = setup(
      {},
      answer(200, {
        maxResults: 50,
        startAt: 0,
        total: 2,
        fields: [
          {
            fieldId: 'summary',
            key: 'summary',
            name: 'Summary',
            required: true,
            hasDefaultValue: false,
            operations: ['set'],
            schema: { type: 'string', system: 'summary' },
          },
          {
            fieldId: 'customfield_10060',
            name: 'Incident category',
            required: false,
            hasDefaultValue: false,
            schema: {
              type: 'option',
              custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
              customId: 10060,
            },
            allowedValues: [{ self: 'x', value: 'Phishing', id: '10020' }],
          },
        ],
      }),
    );
    await expect(client.getCreateMetaFields('SEC', '10001')).resolves.toEqual([
      {
        fieldId: 'summary',
        name: 'Summary',
        required: true,
        hasDefaultValue: false,
        schema: { type: 'string' },
      },
      {
        fieldId: 'customfield_10060',
        name: 'Incident category',
        required: false,
        hasDefaultValue: false,
        schema: {
          type: 'option',
          custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
        },
        allowedValues: [{ id: '10020', value: 'Phishing' }],
      },
    ]);
    expect(paths()).toEqual([
      '/rest/api/3/issue/createmeta/SEC/issuetypes/10001?startAt=0&maxResults=50',
    ]);
  });

  it('lists fields with their custom flag and schema', async () => {
    const { client } = setup(
      {},
      answer(200, [
        {
          id: 'summary',
          name: 'Summary',
          custom: false,
          schema: { type: 'string', system: 'summary' },
        },
        {
          id: 'customfield_10050',
          name: 'Alert URL',
          custom: true,
          schema: {
            type: 'string',
            custom: 'com.atlassian.jira.plugin.system.customfieldtypes:url',
          },
        },
        { id: 'thumbnail', name: 'Images', custom: false },
      ]),
    );
    await expect(client.getFields()).resolves.toEqual([
      { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string' } },
      {
        id: 'customfield_10050',
        name: 'Alert URL',
        custom: true,
        schema: { type: 'string', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:url' },
      },
      { id: 'thumbnail', name: 'Images', custom: false },
    ]);
  });

  it('takes priorities from the create screen, not the admin-only priority search', async () => {
    const { client, paths } = setup(
      {},
      answer(200, {
        startAt: 0,
        maxResults: 50,
        total: 2,
        fields: [
          {
            fieldId: 'priority',
            name: 'Priority',
            required: false,
            hasDefaultValue: true,
            schema: { type: 'priority', system: 'priority' },
            allowedValues: [
              { id: '1', name: 'Highest' },
              { id: '3', name: 'Medium' },
            ],
          },
          {
            fieldId: 'summary',
            name: 'Summary',
            required: true,
            hasDefaultValue: false,
            schema: { type: 'string', system: 'summary' },
          },
        ],
      }),
    );
    const fields = await client.getCreateMetaFields('SEC', '10001');
    expect(screenPriorities(fields)).toEqual([
      { id: '1', name: 'Highest' },
      { id: '3', name: 'Medium' },
    ]);
    expect(screenPriorities(fields.filter((field) => field.fieldId !== 'priority'))).toEqual([]);
    expect(paths()).toEqual([
      '/rest/api/3/issue/createmeta/SEC/issuetypes/10001?startAt=0&maxResults=50',
    ]);
  });
});

describe('Jira client: search', () => {
  const found = (n: number) => ({
    id: String(10_000 + n),
    key: `SEC-${n}`,
    fields: { summary: `alert ${n}` },
    properties: { 'mcas.alert': { alertId: `a${n}` } },
  });

  it('follows nextPageToken until the last page', async () => {
    const { transport, client, paths } = setup(
      {},
      answer(200, { issues: [found(1), found(2)], nextPageToken: 'token-2' }),
      answer(200, { issues: [found(3)], isLast: true }),
    );
    const issues = await client.searchJql('project = SEC AND mcasAlertId = "a1"', {
      fields: ['summary'],
      properties: ['mcas.alert'],
    });
    expect(issues.map((found) => found.key)).toEqual(['SEC-1', 'SEC-2', 'SEC-3']);
    expect(issues[0]).toEqual(found(1));
    expect(paths()).toEqual(['/rest/api/3/search/jql', '/rest/api/3/search/jql']);
    expect(transport.calls.map((call) => call.body)).toEqual([
      {
        jql: 'project = SEC AND mcasAlertId = "a1"',
        maxResults: 100,
        fields: ['summary'],
        properties: ['mcas.alert'],
      },
      {
        jql: 'project = SEC AND mcasAlertId = "a1"',
        maxResults: 100,
        fields: ['summary'],
        properties: ['mcas.alert'],
        nextPageToken: 'token-2',
      },
    ]);
  });

  it('stops at the total cap and asks only for what is still needed', async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ id: String(from + i), key: `SEC-${from + i}` }));
    const { transport, client } = setup(
      {},
      answer(200, { issues: page(1, 100), nextPageToken: 't2' }),
      answer(200, { issues: page(101, 30), nextPageToken: 't3' }),
    );
    const issues = await client.searchJql('project = SEC', { maxResults: 130 });
    expect(issues).toHaveLength(130);
    expect(issues[0]).toEqual({ id: '1', key: 'SEC-1', fields: {} });
    expect(transport.calls.map((call) => (call.body as { maxResults: number }).maxResults)).toEqual(
      [100, 30],
    );
  });

  it('stops when Jira hands back a token it already gave', async () => {
    const { transport, client } = setup(
      {},
      answer(200, { issues: [found(1)], nextPageToken: 'same' }),
      answer(200, { issues: [found(2)], nextPageToken: 'same' }),
    );
    await expect(client.searchJql('project = SEC')).resolves.toHaveLength(2);
    expect(transport.calls).toHaveLength(2);
  });
});

describe('Jira client: issues and properties', () => {
  it('reads an issue with the requested fields and properties, and 404 as undefined', async () => {
    const { client, paths } = setup(
      {},
      answer(200, {
        id: '10100',
        key: 'SEC-1',
        fields: { summary: 'x' },
        properties: { 'mcas.alert': { alertId: 'a' } },
      }),
      answer(404, {
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      }),
    );
    await expect(
      client.getIssue('SEC-1', { fields: ['summary', 'labels'], properties: ['mcas.alert'] }),
    ).resolves.toEqual({
      id: '10100',
      key: 'SEC-1',
      fields: { summary: 'x' },
      properties: { 'mcas.alert': { alertId: 'a' } },
    });
    await expect(client.getIssue('SEC-404')).resolves.toBeUndefined();
    expect(paths()).toEqual([
      '/rest/api/3/issue/SEC-1?fields=summary%2Clabels&properties=mcas.alert',
      '/rest/api/3/issue/SEC-404',
    ]);
  });

  it('reads a property value, and a missing one as undefined', async () => {
    const { client, paths } = setup(
      {},
      answer(200, { key: 'mcas.enrichment', value: { users: [], findings: [] } }),
      answer(404, { errorMessages: ['The property was not found.'] }),
    );
    await expect(client.getIssueProperty('SEC-1', 'mcas.enrichment')).resolves.toEqual({
      users: [],
      findings: [],
    });
    await expect(client.getIssueProperty('SEC-1', 'mcas.enrichment')).resolves.toBeUndefined();
    expect(paths()[0]).toBe('/rest/api/3/issue/SEC-1/properties/mcas.enrichment');
  });

  it('writes a property, edits fields and adds a comment with the documented bodies', async () => {
    const adf = {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Verdicts filled in' }] }],
    };
    const { transport, client, paths } = setup(
      {},
      answer(200),
      answer(204),
      answer(201, { id: '1' }),
    );
    await client.setIssueProperty('SEC-1', 'mcas.enrichment', { users: ['a@contoso.com'] });
    await client.editIssue('SEC-1', { customfield_10051: 'score 100' });
    await client.addComment('SEC-1', adf);
    expect(paths()).toEqual([
      '/rest/api/3/issue/SEC-1/properties/mcas.enrichment',
      '/rest/api/3/issue/SEC-1',
      '/rest/api/3/issue/SEC-1/comment',
    ]);
    expect(transport.calls.map(({ method, body }) => ({ method, body }))).toEqual([
      { method: 'PUT', body: { users: ['a@contoso.com'] } },
      { method: 'PUT', body: { fields: { customfield_10051: 'score 100' } } },
      { method: 'POST', body: { body: adf } },
    ]);
  });
});

describe('Jira client: permissions', () => {
  it('asks as the user and answers every requested permission, missing ones as false', async () => {
    const { transport, client, paths } = setup(
      { as: 'user' },
      answer(200, {
        permissions: {
          ADMINISTER_PROJECTS: { id: '23', key: 'ADMINISTER_PROJECTS', havePermission: true },
        },
      }),
    );
    await expect(
      client.myPermissions({
        projectKey: 'SEC',
        permissions: ['ADMINISTER_PROJECTS', 'BROWSE_PROJECTS'],
      }),
    ).resolves.toEqual({ ADMINISTER_PROJECTS: true, BROWSE_PROJECTS: false });
    expect(paths()).toEqual([
      '/rest/api/3/mypermissions?projectKey=SEC&permissions=ADMINISTER_PROJECTS%2CBROWSE_PROJECTS',
    ]);
    expect(transport.calls[0]?.as).toBe('user');
  });
});

describe('Jira client: errors, retries and route safety', () => {
  it.each([401, 403])('maps %i to CredentialError', async (status) => {
    const { client } = setup(
      {},
      answer(status, { errorMessages: ['You do not have permission.'] }),
    );
    const error = await rejection(client.getFields());
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toContain(`Jira refused to let the app list the fields (HTTP ${status})`);
  });

  it('maps other 4xx (404 where not noted, 409) to RequestRejectedError', async () => {
    const { client } = setup(
      {},
      answer(404, { errorMessages: ["No project could be found with key 'NOPE'."] }),
      answer(409, { errorMessages: ['Conflict'] }),
    );
    await expect(client.getCreateMetaIssueTypes('NOPE')).rejects.toBeInstanceOf(
      RequestRejectedError,
    );
    await expect(client.editIssue('SEC-1', {})).rejects.toMatchObject({ status: 409 });
  });

  it('honours Retry-After on 429 and gives up with RateLimitError past the wait budget', async () => {
    const { clock, client } = setup(
      {},
      answer(429, '', { 'Retry-After': '2', 'RateLimit-Reason': 'jira-burst-based' }),
      answer(201, { id: '1', key: 'SEC-1' }),
      answer(429, '', { 'Retry-After': '600' }),
    );
    await expect(client.createIssue(issue('a'))).resolves.toEqual({ id: '1', key: 'SEC-1' });
    expect(clock.sleeps).toEqual([2_000]);
    const error = await rejection(client.createIssue(issue('b')));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(600_000);
  });

  it('retries 5xx and then reports Jira as unavailable', async () => {
    const { transport, client } = setup({}, answer(500), answer(502), answer(503), answer(504));
    await expect(client.getFields()).rejects.toBeInstanceOf(UnavailableError);
    expect(transport.calls).toHaveLength(4);
  });

  it('reports a 2xx answer that is not JSON or not the documented shape', async () => {
    const { client } = setup({}, answer(200, '<html></html>'), answer(200, { issueTypes: 'nope' }));
    await expect(client.getFields()).rejects.toThrow(/unexpected shape \(not JSON\)/);
    await expect(client.getCreateMetaIssueTypes('SEC')).rejects.toThrow(
      /unexpected shape \(at issueTypes\)/,
    );
  });

  it('refuses a value that would change the path before anything is sent', async () => {
    const { transport, client } = setup({}, answer(200));
    await expect(client.getIssue('../x')).rejects.toBeInstanceOf(UnsafeRouteValueError);
    await expect(client.setIssueProperty('SEC-1', 'a/b', 1)).rejects.toBeInstanceOf(
      UnsafeRouteValueError,
    );
    await expect(client.getCreateMetaFields('SEC', '10001?x=1')).rejects.toBeInstanceOf(
      UnsafeRouteValueError,
    );
    expect(transport.calls).toHaveLength(0);
  });

  it('counts calls that went well instead of logging each, and logs a failure without its body', async () => {
    const { logger, client } = setup(
      {},
      answer(200, { permissions: {} }),
      answer(201, { id: '1', key: 'SEC-1' }),
      answer(400, { errors: { summary: 'too long' } }),
    );
    const counted: unknown[] = [];
    logger.count = (call) => counted.push(call);
    await client.myPermissions({ issueKey: 'SEC-1', permissions: ['BROWSE_PROJECTS'] });
    await client.createIssue(issue('secret alert title'));
    await rejection(client.createIssue(issue('secret alert title')));
    expect(counted).toEqual([
      { service: 'jira', durationMs: 0, failed: false },
      { service: 'jira', durationMs: 0, failed: false },
      { service: 'jira', durationMs: 0, failed: true },
    ]);
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        message: 'external call failed',
        fields: {
          service: 'jira',
          method: 'POST',
          path: '/rest/api/3/issue',
          status: 400,
          durationMs: 0,
        },
      },
    ]);
    expect(logger.text()).not.toContain('secret alert title');
  });
});
