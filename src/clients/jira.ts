/**
 * Jira Cloud REST v3 through the JiraTransport port (Forge `requestJira` in production, plain
 * HTTP in the sandbox). Every path is a `jiraRoute`, so values are escaped by the transport and a
 * value that tries to change the path is refused before anything is sent.
 */
import type { z } from 'zod';
import type { Clock, HttpInit, JiraActor, JiraRoute, JiraTransport, Logger } from '../ports';
import {
  CredentialError,
  RequestRejectedError,
  UnexpectedResponseError,
  type ExternalApiError,
} from './errors';
import {
  describeSchemaMismatch,
  isSuccess,
  loggedExchange,
  parseJson,
  parseJsonAs,
  withDetail,
  withoutQuery,
} from './exchange';
import { withQuery } from './jira-query';
import { jiraRoute, renderJiraRoute } from './jira-route';
import {
  AssignableUsers,
  BulkCreateResponse,
  CommentsPage,
  CreatedIssueResponse,
  CreateMetaFieldsPage,
  CreateMetaIssueTypesPage,
  FieldList,
  IssueBean,
  IssuePropertyResponse,
  JiraErrorCollection,
  MyPermissionsResponse,
  ProjectBean,
  ProjectStatuses,
  ResolutionsPage,
  SearchJqlPage,
  TransitionsPage,
  type CreateMetaFieldItem,
} from './jira-schemas';
import type {
  BulkCreateResult,
  CreateMetaField,
  FoundIssue,
  IssueCreate,
  NamedItem,
  RejectedIssue,
} from './jira-types';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from './retry';

export interface JiraClient {
  /** At most 50 issues (Jira's limit; more throws). Partial success is normal. */
  bulkCreate(issues: IssueCreate[]): Promise<BulkCreateResult>;
  /** 400 → RequestRejectedError with fieldErrors. */
  createIssue(issue: IssueCreate): Promise<{ id: string; key: string }>;
  /** A project by id or key; undefined when it does not exist or the caller cannot browse it. */
  getProject(
    projectIdOrKey: string,
  ): Promise<{ id: string; key: string; name: string } | undefined>;
  getCreateMetaIssueTypes(projectKey: string): Promise<NamedItem[]>;
  getCreateMetaFields(projectKey: string, issueTypeId: string): Promise<CreateMetaField[]>;
  getFields(): Promise<
    Array<NamedItem & { custom: boolean; schema?: { type: string; custom?: string } }>
  >;
  /** Pages with nextPageToken; `maxResults` caps the total returned. */
  searchJql(
    jql: string,
    options?: { fields?: string[]; properties?: string[]; maxResults?: number },
  ): Promise<FoundIssue[]>;
  /** 404 → undefined. */
  getIssue(
    issueKey: string,
    options?: { fields?: string[]; properties?: string[] },
  ): Promise<FoundIssue | undefined>;
  /** 404 → undefined. */
  getIssueProperty(issueKey: string, propertyKey: string): Promise<unknown>;
  setIssueProperty(issueKey: string, propertyKey: string, value: unknown): Promise<void>;
  /**
   * One edit: fields, and issue properties set in the same call (Jira's edit issue takes
   * `properties`: "issue properties updated as part of the edit").
   */
  editIssue(
    issueKey: string,
    fields: Record<string, unknown>,
    properties?: IssueCreate['properties'],
  ): Promise<void>;
  /** `body` is an ADF document. */
  addComment(issueKey: string, body: unknown): Promise<void>;
  /** The newest `max` (≤ 100) comments, newest first; 404 → undefined. */
  recentComments(
    issueKey: string,
    max: number,
  ): Promise<Array<{ id: string; body: unknown }> | undefined>;
  /**
   * Moves the issue through a workflow transition (by id). A transition the issue's workflow does
   * not offer from its status is a 400 (RequestRejectedError).
   */
  transitionIssue(issueKey: string, transitionId: string): Promise<void>;
  /** The transitions the issue's workflow offers from its current status; 404 → undefined. */
  issueTransitions(
    issueKey: string,
  ): Promise<Array<{ id: string; name: string; toStatusId: string | undefined }> | undefined>;
  /** The site's resolutions (`searchResolutions`, paged). */
  getResolutions(): Promise<NamedItem[]>;
  /**
   * The statuses of the project's workflows, each once (Jira lists them per issue type), with
   * their category ("new", "indeterminate", "done"); undefined when the project is not found.
   */
  getProjectStatuses(
    projectIdOrKey: string,
  ): Promise<Array<NamedItem & { category: string | undefined }> | undefined>;
  /** Whether Jira lets `accountId` be assigned issues in the project (`findAssignableUsers`). */
  isAssignable(projectKey: string, accountId: string): Promise<boolean>;
  /** Permission key → whether the caller has it; keys Jira leaves out count as false. */
  myPermissions(query: {
    projectId?: string;
    projectKey?: string;
    issueKey?: string;
    permissions: string[];
  }): Promise<Record<string, boolean>>;
}

/** Jira's documented limit for `POST /rest/api/3/issue/bulk`. */
export const JIRA_BULK_CREATE_LIMIT = 50;
const META_PAGE_SIZE = 50;
/** With fields requested, `/search/jql` serves at most 100 issues a page. */
const SEARCH_PAGE_SIZE = 100;
/** A paged listing that never ends is a broken answer, not a big site. */
const MAX_PAGES = 200;
const MAX_ERROR_TEXT = 500;

interface Answer {
  status: number;
  text: string;
}

export function createJiraClient(deps: {
  transport: JiraTransport;
  clock: Clock;
  logger: Logger;
  as?: JiraActor;
  policy?: RetryPolicy;
  random?: (() => number) | undefined;
}): JiraClient {
  const { transport, clock, logger } = deps;
  const as = deps.as ?? 'app';
  const who = as === 'app' ? 'the app' : 'the current user';
  const what = as === 'app' ? 'Jira' : 'Jira (acting as the current user)';

  /** The one low-level call: route check, retry, logging; the body is mapped by the callers below. */
  async function send(
    method: HttpInit['method'],
    route: JiraRoute,
    body?: unknown,
    idempotent = true,
  ): Promise<Answer> {
    // Throws UnsafeRouteValueError for a value such as "../x" before anything is sent.
    const path = withoutQuery(renderJiraRoute(route));
    const init = {
      method,
      as,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    };
    const response = await sendWithRetry(
      ({ timeoutMs }) =>
        loggedExchange(() => transport.request(route, { ...init, timeoutMs }), {
          service: 'jira',
          method,
          path,
          clock,
          logger,
        }),
      {
        service: 'jira',
        what,
        clock,
        policy: deps.policy ?? DEFAULT_RETRY_POLICY,
        random: deps.random,
        logger,
        idempotent,
      },
    );
    return { status: response.status, text: await response.text() };
  }

  function errorFor(answer: Answer, action: string): ExternalApiError {
    const { status } = answer;
    const jira = parseJsonAs(answer.text, JiraErrorCollection) ?? {};
    const detail = jiraErrorText(jira);
    if (status === 401 || status === 403) {
      return new CredentialError(
        'jira',
        `Jira refused to let ${who} ${action} (HTTP ${status})${withDetail(detail)}. ` +
          (as === 'app'
            ? 'Check that the app is installed and the project lets it work there.'
            : 'Ask a Jira admin for the permission this needs.'),
        status,
      );
    }
    return new RequestRejectedError(
      'jira',
      `Jira rejected the request to ${action} (HTTP ${status})${withDetail(detail)}.`,
      status,
      jira.errors ?? {},
    );
  }

  function parseAnswer<T>(answer: Answer, schema: z.ZodType<T>, action: string): T {
    const json = parseJson(answer.text);
    const parsed = json.ok ? schema.safeParse(json.value) : undefined;
    if (parsed?.success) return parsed.data;
    throw new UnexpectedResponseError(
      'jira',
      `Jira answered the request to ${action} (HTTP ${answer.status}) in an unexpected shape` +
        (parsed ? ` (at ${describeSchemaMismatch(parsed.error)}).` : ' (not JSON).'),
      answer.status,
    );
  }

  async function call<T>(
    method: HttpInit['method'],
    route: JiraRoute,
    schema: z.ZodType<T>,
    action: string,
    body?: unknown,
    idempotent = true,
  ): Promise<T> {
    const answer = await send(method, route, body, idempotent);
    if (!isSuccess(answer.status)) throw errorFor(answer, action);
    return parseAnswer(answer, schema, action);
  }

  async function callOrUndefined<T>(
    method: HttpInit['method'],
    route: JiraRoute,
    schema: z.ZodType<T>,
    action: string,
  ): Promise<T | undefined> {
    const answer = await send(method, route);
    if (answer.status === 404) return undefined;
    if (!isSuccess(answer.status)) throw errorFor(answer, action);
    return parseAnswer(answer, schema, action);
  }

  async function callNoContent(
    method: HttpInit['method'],
    route: JiraRoute,
    action: string,
    body: unknown,
    idempotent = true,
  ): Promise<void> {
    const answer = await send(method, route, body, idempotent);
    if (!isSuccess(answer.status)) throw errorFor(answer, action);
  }

  /** Collects a `startAt`/`maxResults` listing until Jira says it is done. */
  async function collectPages<T>(
    action: string,
    fetchPage: (
      startAt: number,
    ) => Promise<{ items: T[]; total?: number | undefined; isLast?: boolean | undefined }>,
  ): Promise<T[]> {
    const all: T[] = [];
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const { items, total, isLast } = await fetchPage(all.length);
      all.push(...items);
      const more =
        items.length > 0 &&
        (isLast !== undefined
          ? !isLast
          : total !== undefined
            ? all.length < total
            : items.length >= META_PAGE_SIZE);
      if (!more) return all;
    }
    throw new UnexpectedResponseError(
      'jira',
      `Jira kept paging the answer to ${action} past ${MAX_PAGES} pages; stopped reading.`,
    );
  }

  return {
    async bulkCreate(issues) {
      if (issues.length > JIRA_BULK_CREATE_LIMIT) {
        throw new Error(
          `bulkCreate takes at most ${JIRA_BULK_CREATE_LIMIT} issues a call, got ${issues.length}.`,
        );
      }
      if (issues.length === 0) return { created: [], rejected: [] };
      const action = `create ${issues.length} issue${issues.length === 1 ? '' : 's'}`;
      // Not repeated on an ambiguous failure: the alert claims (reconciled by search) decide.
      const answer = await send(
        'POST',
        jiraRoute`/rest/api/3/issue/bulk`,
        { issueUpdates: issues },
        false,
      );
      const bulk =
        isSuccess(answer.status) || answer.status === 400
          ? parseJsonAs(answer.text, BulkCreateResponse)
          : undefined;
      // A 400 without per-element errors is a rejection of the whole request, not of elements.
      if (!bulk || (answer.status === 400 && bulk.errors.length === 0)) {
        if (!isSuccess(answer.status)) throw errorFor(answer, action);
        return mapBulkResult(parseAnswer(answer, BulkCreateResponse, action), issues.length);
      }
      return mapBulkResult(bulk, issues.length);
    },

    async createIssue(issue) {
      const { id, key } = await call(
        'POST',
        jiraRoute`/rest/api/3/issue`,
        CreatedIssueResponse,
        'create an issue',
        { fields: issue.fields, ...(issue.properties ? { properties: issue.properties } : {}) },
        false,
      );
      return { id, key };
    },

    async getProject(projectIdOrKey) {
      const project = await callOrUndefined(
        'GET',
        jiraRoute`/rest/api/3/project/${projectIdOrKey}`,
        ProjectBean,
        `read project ${projectIdOrKey}`,
      );
      return project && { id: project.id, key: project.key, name: project.name };
    },

    async getCreateMetaIssueTypes(projectKey) {
      const action = `read the issue types of project ${projectKey}`;
      return collectPages(action, async (startAt) => {
        const page = await call(
          'GET',
          withQuery(jiraRoute`/rest/api/3/issue/createmeta/${projectKey}/issuetypes`, {
            startAt,
            maxResults: META_PAGE_SIZE,
          }),
          CreateMetaIssueTypesPage,
          action,
        );
        const items = (page.issueTypes ?? page.createMetaIssueType ?? []).map(({ id, name }) => ({
          id,
          name,
        }));
        return { items, total: page.total, isLast: page.isLast };
      });
    },

    async getCreateMetaFields(projectKey, issueTypeId) {
      const action = `read the create screen of project ${projectKey}`;
      return collectPages(action, async (startAt) => {
        const page = await call(
          'GET',
          withQuery(
            jiraRoute`/rest/api/3/issue/createmeta/${projectKey}/issuetypes/${issueTypeId}`,
            { startAt, maxResults: META_PAGE_SIZE },
          ),
          CreateMetaFieldsPage,
          action,
        );
        const items = (page.fields ?? page.results ?? []).map(toCreateMetaField);
        return { items, total: page.total, isLast: page.isLast };
      });
    },

    async getFields() {
      const fields = await call('GET', jiraRoute`/rest/api/3/field`, FieldList, 'list the fields');
      return fields.map(({ id, name, custom, schema }) => ({
        id,
        name,
        custom,
        ...(schema
          ? {
              schema: {
                type: schema.type,
                ...(schema.custom !== undefined ? { custom: schema.custom } : {}),
              },
            }
          : {}),
      }));
    },

    async searchJql(jql, options = {}) {
      const cap = options.maxResults;
      const found: FoundIssue[] = [];
      const seenTokens = new Set<string>();
      let nextPageToken: string | undefined;
      for (;;) {
        const remaining = cap === undefined ? SEARCH_PAGE_SIZE : cap - found.length;
        if (remaining <= 0) break;
        const page = await call(
          'POST',
          jiraRoute`/rest/api/3/search/jql`,
          SearchJqlPage,
          'search issues',
          {
            jql,
            maxResults: Math.min(SEARCH_PAGE_SIZE, remaining),
            ...(options.fields ? { fields: options.fields } : {}),
            ...(options.properties ? { properties: options.properties } : {}),
            ...(nextPageToken !== undefined ? { nextPageToken } : {}),
          },
        );
        found.push(...page.issues.map(toFoundIssue));
        const token = page.nextPageToken ?? undefined;
        if (token === undefined || page.isLast === true || seenTokens.has(token)) break;
        seenTokens.add(token);
        nextPageToken = token;
      }
      return cap === undefined ? found : found.slice(0, cap);
    },

    async getIssue(issueKey, options = {}) {
      const issue = await callOrUndefined(
        'GET',
        withQuery(jiraRoute`/rest/api/3/issue/${issueKey}`, {
          fields: options.fields?.join(','),
          properties: options.properties?.join(','),
        }),
        IssueBean,
        `read issue ${issueKey}`,
      );
      return issue && toFoundIssue(issue);
    },

    async getIssueProperty(issueKey, propertyKey) {
      const property = await callOrUndefined(
        'GET',
        jiraRoute`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
        IssuePropertyResponse,
        `read property ${propertyKey} of issue ${issueKey}`,
      );
      return property?.value;
    },

    async setIssueProperty(issueKey, propertyKey, value) {
      if (value === undefined)
        throw new Error('An issue property value must be JSON, not undefined.');
      await callNoContent(
        'PUT',
        jiraRoute`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`,
        `set property ${propertyKey} of issue ${issueKey}`,
        value,
      );
    },

    async editIssue(issueKey, fields, properties) {
      await callNoContent(
        'PUT',
        jiraRoute`/rest/api/3/issue/${issueKey}`,
        `edit issue ${issueKey}`,
        { fields, ...(properties && properties.length > 0 ? { properties } : {}) },
      );
    },

    async addComment(issueKey, body) {
      await callNoContent(
        'POST',
        jiraRoute`/rest/api/3/issue/${issueKey}/comment`,
        `comment on issue ${issueKey}`,
        { body },
        false,
      );
    },

    async recentComments(issueKey, max) {
      const page = await callOrUndefined(
        'GET',
        withQuery(jiraRoute`/rest/api/3/issue/${issueKey}/comment`, {
          orderBy: '-created',
          maxResults: String(Math.min(100, Math.max(1, max))),
        }),
        CommentsPage,
        `read comments of issue ${issueKey}`,
      );
      return page?.comments;
    },

    async transitionIssue(issueKey, transitionId) {
      await callNoContent(
        'POST',
        jiraRoute`/rest/api/3/issue/${issueKey}/transitions`,
        `transition issue ${issueKey}`,
        { transition: { id: transitionId } },
        false,
      );
    },

    async issueTransitions(issueKey) {
      const page = await callOrUndefined(
        'GET',
        jiraRoute`/rest/api/3/issue/${issueKey}/transitions`,
        TransitionsPage,
        `read the transitions of issue ${issueKey}`,
      );
      return page?.transitions.map((transition) => ({
        id: transition.id,
        name: transition.name,
        toStatusId: transition.to.id,
      }));
    },

    async getResolutions() {
      const action = 'list the resolutions';
      return collectPages(action, async (startAt) => {
        const page = await call(
          'GET',
          withQuery(jiraRoute`/rest/api/3/resolution/search`, {
            startAt,
            maxResults: META_PAGE_SIZE,
          }),
          ResolutionsPage,
          action,
        );
        return {
          items: page.values.map(({ id, name }) => ({ id, name })),
          total: page.total,
          isLast: page.isLast,
        };
      });
    },

    async getProjectStatuses(projectIdOrKey) {
      const perType = await callOrUndefined(
        'GET',
        jiraRoute`/rest/api/3/project/${projectIdOrKey}/statuses`,
        ProjectStatuses,
        `read the statuses of project ${projectIdOrKey}`,
      );
      if (perType === undefined) return undefined;
      const byId = new Map<string, NamedItem & { category: string | undefined }>();
      for (const type of perType)
        for (const status of type.statuses)
          if (!byId.has(status.id))
            byId.set(status.id, {
              id: status.id,
              name: status.name,
              category: status.statusCategory?.key,
            });
      return [...byId.values()];
    },

    async isAssignable(projectKey, accountId) {
      const users = await call(
        'GET',
        withQuery(jiraRoute`/rest/api/3/user/assignable/search`, {
          project: projectKey,
          accountId,
          maxResults: '1',
        }),
        AssignableUsers,
        `check whether ${accountId} can be assigned issues in ${projectKey}`,
      );
      return users.some((user) => user.accountId === accountId);
    },

    async myPermissions(query) {
      const answer = await call(
        'GET',
        withQuery(jiraRoute`/rest/api/3/mypermissions`, {
          projectId: query.projectId,
          projectKey: query.projectKey,
          issueKey: query.issueKey,
          permissions: query.permissions.join(','),
        }),
        MyPermissionsResponse,
        'check permissions',
      );
      return Object.fromEntries(
        query.permissions.map((permission) => [
          permission,
          answer.permissions[permission]?.havePermission === true,
        ]),
      );
    },
  };
}

/**
 * Jira lists the created issues in submission order without the failed elements, so the n-th
 * created issue belongs to the n-th index that is not in `errors`. If the counts disagree the
 * pairing cannot be trusted; the caller reconciles through the `mcas.alert` property instead.
 */
function mapBulkResult(
  bulk: z.infer<typeof BulkCreateResponse>,
  submitted: number,
): BulkCreateResult {
  const rejected: RejectedIssue[] = [];
  const failedIndexes = new Set<number>();
  for (const error of bulk.errors) {
    if (error.failedElementNumber >= submitted || failedIndexes.has(error.failedElementNumber))
      throw bulkMismatch(submitted, bulk);
    failedIndexes.add(error.failedElementNumber);
    const elementErrors = error.elementErrors ?? {};
    rejected.push({
      index: error.failedElementNumber,
      status: error.status ?? 400,
      message: jiraErrorText(elementErrors) ?? 'Jira gave no reason.',
      fieldErrors: elementErrors.errors ?? {},
    });
  }
  const createdIndexes = Array.from({ length: submitted }, (_, index) => index).filter(
    (index) => !failedIndexes.has(index),
  );
  if (createdIndexes.length !== bulk.issues.length) throw bulkMismatch(submitted, bulk);
  const created = bulk.issues.map((issue, position) => ({
    index: createdIndexes[position] ?? -1,
    id: issue.id,
    key: issue.key,
  }));
  rejected.sort((a, b) => a.index - b.index);
  return { created, rejected };
}

function bulkMismatch(
  submitted: number,
  bulk: z.infer<typeof BulkCreateResponse>,
): UnexpectedResponseError {
  return new UnexpectedResponseError(
    'jira',
    `Jira's bulk create answer does not add up: ${submitted} submitted, ${bulk.issues.length} ` +
      `created, ${bulk.errors.length} failed. Created issues are matched to alerts by their ` +
      'mcas.alert property on the next run.',
  );
}

function toCreateMetaField(field: CreateMetaFieldItem): CreateMetaField {
  const allowedValues = field.allowedValues
    ?.filter((value) => value.id !== undefined)
    .map((value) => ({
      id: String(value.id),
      ...(value.name !== undefined ? { name: value.name } : {}),
      ...(value.value !== undefined ? { value: value.value } : {}),
    }));
  return {
    fieldId: field.fieldId,
    name: field.name,
    required: field.required,
    hasDefaultValue: field.hasDefaultValue,
    schema: {
      type: field.schema.type,
      ...(field.schema.custom !== undefined ? { custom: field.schema.custom } : {}),
      ...(field.schema.items !== undefined ? { items: field.schema.items } : {}),
    },
    ...(allowedValues ? { allowedValues } : {}),
  };
}

function toFoundIssue(issue: z.infer<typeof IssueBean>): FoundIssue {
  return {
    id: issue.id,
    key: issue.key,
    fields: issue.fields,
    ...(issue.properties ? { properties: issue.properties } : {}),
  };
}

/** Jira's own words: general messages first, then "field: message" per field. */
function jiraErrorText(errors: JiraErrorCollection): string | undefined {
  const parts = [
    ...(errors.errorMessages ?? []),
    ...Object.entries(errors.errors ?? {}).map(([field, message]) => `${field}: ${message}`),
  ].filter((part) => part.trim() !== '');
  if (parts.length === 0) return undefined;
  const joined = parts.join('; ');
  return joined.length > MAX_ERROR_TEXT ? `${joined.slice(0, MAX_ERROR_TEXT)}…` : joined;
}
