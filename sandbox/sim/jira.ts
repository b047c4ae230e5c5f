/**
 * Jira Cloud REST v3, the part the app uses: create (single and bulk), createmeta, fields,
 * priorities, enhanced JQL search, issues, issue properties, comments and permissions, on basic
 * auth (`email:apiToken`). Plus read-only HTML pages at `/` and `/browse/<KEY>` to look at what
 * the app created.
 */
import type { Route, SimRequest, SimResponse } from './http-kit';
import { SimServer, isRecord, parseJsonBody } from './http-kit';
import type { CustomFieldType, JiraFieldDef, JiraUser } from './jira-catalogue';
import {
  DEFAULT_PRIORITY,
  ISSUE_TYPES,
  PRIORITIES,
  SANDBOX_JIRA_ADMIN,
  customField,
} from './jira-catalogue';
import { issueListPage, issuePage } from './jira-html';
import { JqlError, parseJql } from './jira-jql';
import type { IssueRecord, ProjectState } from './jira-site';
import { JiraSite, copyJson, jiraTime } from './jira-site';
import type { FieldErrors } from './jira-validate';
import { isAdfDocument, validateCreate, validateEdit } from './jira-validate';

export type { JiraUser } from './jira-catalogue';

export interface JiraIssueSnapshot {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  fields: Record<string, unknown>;
  properties: Record<string, unknown>;
  comments: { id: string; authorAccountId: string; body: unknown; created: number }[];
  /** Unix ms. */
  created: number;
}

/** Return true (or the field errors to answer) to make Jira refuse a create. */
export type RejectPredicate = (fields: Record<string, unknown>) => boolean | FieldErrors;

export interface JiraSimOptions {
  now: () => number;
  issuePanelUrl?: ((issueKey: string) => string) | undefined;
}

const BULK_LIMIT = 50;
const PROPERTY_MAX_BYTES = 32_768;
const PERMISSION_IDS: Record<string, string> = {
  ADMINISTER: '0',
  BROWSE_PROJECTS: '10',
  CREATE_ISSUES: '11',
  EDIT_ISSUES: '12',
  ASSIGN_ISSUES: '13',
  ADD_COMMENTS: '15',
  ADMINISTER_PROJECTS: '23',
};

function jiraError(status: number, errorMessages: string[], errors: FieldErrors = {}): SimResponse {
  return { status, json: { errorMessages, errors } };
}

const ISSUE_NOT_FOUND = () =>
  jiraError(404, ['Issue does not exist or you do not have permission to see it.']);

/** Jira Cloud's default resolutions. */
const RESOLUTIONS = [
  { id: '10000', name: 'Done' },
  { id: '10001', name: "Won't Do" },
  { id: '10002', name: 'Duplicate' },
  { id: '10003', name: 'Cannot Reproduce' },
];

/** The sandbox workflow's statuses (transitionsOf: To Do ⇄ Done; nothing leads to In Progress). */
const WORKFLOW_STATUSES = [
  { id: '10000', name: 'To Do', category: 'new', categoryName: 'To Do' },
  { id: '10001', name: 'In Progress', category: 'indeterminate', categoryName: 'In Progress' },
  { id: '10002', name: 'Done', category: 'done', categoryName: 'Done' },
];

function paging(request: SimRequest, defaultMax: number, cap: number) {
  const startAt = Math.max(0, Number(request.query.get('startAt') ?? 0) || 0);
  const asked = Number(request.query.get('maxResults') ?? defaultMax);
  const maxResults = Math.min(cap, Number.isInteger(asked) && asked > 0 ? asked : defaultMax);
  return { startAt, maxResults };
}

/** `fields=a,b&fields=c` (GET) or `["a","b"]` (POST) → `["a","b","c"]`. */
function listParam(fromQuery: string[], fromBody: unknown): string[] {
  const raw = Array.isArray(fromBody) ? fromBody.filter((v) => typeof v === 'string') : fromQuery;
  return raw
    .flatMap((value: string) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

export class JiraSim {
  readonly site: JiraSite;
  private reject: RejectPredicate | undefined;
  private issuePanelUrl: ((issueKey: string) => string) | undefined;
  private searchLagMs = 0;

  readonly server: SimServer;

  private constructor(options: JiraSimOptions) {
    this.site = new JiraSite(options.now);
    this.issuePanelUrl = options.issuePanelUrl;
    this.server = new SimServer({
      routes: this.routes(),
      rateLimited: (seconds) => ({
        status: 429,
        headers: {
          'Retry-After': String(seconds),
          'X-RateLimit-Reset': new Date(options.now() + seconds * 1000).toISOString(),
          'RateLimit-Reason': 'jira-burst-based',
        },
        json: { errorMessages: ['Rate limit exceeded.'], errors: {} },
      }),
      notFound: () => jiraError(404, ['null for uri: the requested resource does not exist']),
    });
  }

  static async start(options: JiraSimOptions): Promise<JiraSim> {
    const sim = new JiraSim(options);
    await sim.server.listen();
    sim.site.origin = sim.server.origin;
    return sim;
  }

  get url(): string {
    return this.server.origin;
  }

  addUser(user: JiraUser): void {
    this.site.addUser(user);
  }

  /**
   * Creates the project if needed (same issue types and default screen as SEC) and adjusts it:
   * `requiredFields` marks fields required per issue type id (added to the screen if missing),
   * `hiddenFields` takes fields off a type's screen.
   */
  configureProject(
    key: string,
    config: {
      id?: string;
      name?: string;
      requiredFields?: Record<string, string[]>;
      hiddenFields?: Record<string, string[]>;
    } = {},
  ): void {
    const project =
      this.site.project(key) ??
      this.site.addProject({
        key,
        id: config.id ?? String(10000 + this.site.projects.size),
        name: config.name ?? key,
      });
    if (config.name) project.name = config.name;
    for (const [typeId, fieldIds] of Object.entries(config.requiredFields ?? {})) {
      const screen = this.screen(project, typeId);
      for (const fieldId of fieldIds) {
        if (!this.site.fields.has(fieldId)) throw new Error(`Unknown field ${fieldId}`);
        if (!screen.fields.includes(fieldId)) screen.fields.push(fieldId);
        screen.required.add(fieldId);
      }
    }
    for (const [typeId, fieldIds] of Object.entries(config.hiddenFields ?? {})) {
      const screen = this.screen(project, typeId);
      screen.fields = screen.fields.filter((fieldId) => !fieldIds.includes(fieldId));
      for (const fieldId of fieldIds) screen.required.delete(fieldId);
    }
  }

  /**
   * Adds a custom field to the site and, with `placement`, to the screens of a project's issue
   * types (all of them unless `issueTypeIds`), optionally required: the "required field the app
   * cannot fill" case.
   */
  addCustomField(
    field: { id: string; name: string; type: CustomFieldType; options?: string[] },
    placement?: { projectKey: string; issueTypeIds?: string[]; required?: boolean },
  ): JiraFieldDef {
    const def = customField(field.id, field.name, field.type, field.options);
    this.site.fields.set(def.id, def);
    if (placement) {
      const typeIds = placement.issueTypeIds ?? ISSUE_TYPES.map((type) => type.id);
      this.configureProject(placement.projectKey, {
        requiredFields: placement.required
          ? Object.fromEntries(typeIds.map((id) => [id, [def.id]]))
          : {},
      });
      const project = this.site.project(placement.projectKey);
      for (const typeId of typeIds) {
        const screen = project ? this.screen(project, typeId) : undefined;
        if (screen && !screen.fields.includes(def.id)) screen.fields.push(def.id);
      }
    }
    return def;
  }

  /** Creates matching the predicate are refused with a 400 field error; undefined clears it. */
  rejectWhen(predicate: RejectPredicate | undefined): void {
    this.reject = predicate;
  }

  setIssueLinkTemplate(template: ((issueKey: string) => string) | undefined): void {
    this.issuePanelUrl = template;
  }

  /** Issues younger than this are not yet found by search (Jira's index is eventually consistent). */
  setSearchIndexLag(ms: number): void {
    this.searchLagMs = ms;
  }

  /** How many issues exist, without copying them (the Forge-scale bench asks after every run). */
  issueCount(): number {
    return this.site.issues.length;
  }

  /**
   * Writes an issue as if it had been created at `created` (for generated history): fields and
   * properties as given, reporter the sandbox admin. Answers the issue key.
   */
  importIssue(input: {
    projectKey: string;
    issueTypeId?: string;
    created: number;
    fields: Record<string, unknown>;
    properties: Record<string, unknown>;
  }): string {
    const project = this.site.project(input.projectKey);
    if (!project) throw new Error(`Unknown project ${input.projectKey}`);
    const issue = this.site.newIssue(project, input.issueTypeId ?? '10001', SANDBOX_JIRA_ADMIN);
    issue.created = input.created;
    issue.updated = input.created;
    issue.fields = copyJson(input.fields);
    for (const [key, value] of Object.entries(input.properties))
      issue.properties.set(key, copyJson(value));
    return issue.key;
  }

  /** An analyst resolves the issue (`resolution`, e.g. "Done") at `at`. */
  resolveIssue(issueKey: string, resolution: string, at: number): void {
    const issue = this.site.issues.find((candidate) => candidate.key === issueKey);
    if (!issue) throw new Error(`Unknown issue ${issueKey}`);
    issue.resolution = { name: resolution, at };
    issue.updated = Math.max(issue.updated, at);
  }

  /** An analyst reopens a resolved issue: back to To Do, no resolution. */
  reopenIssue(issueKey: string, at: number): void {
    const issue = this.site.issues.find((candidate) => candidate.key === issueKey);
    if (!issue) throw new Error(`Unknown issue ${issueKey}`);
    delete issue.resolution;
    issue.updated = Math.max(issue.updated, at);
  }

  issues(): JiraIssueSnapshot[] {
    return this.site.issues.map((issue) => ({
      id: issue.id,
      key: issue.key,
      projectKey: issue.projectKey,
      issueTypeId: issue.issueTypeId,
      fields: copyJson(issue.fields),
      properties: Object.fromEntries(
        [...issue.properties].map(([key, value]) => [key, copyJson(value)]),
      ),
      comments: issue.comments.map((comment) => ({ ...comment, body: copyJson(comment.body) })),
      created: issue.created,
    }));
  }

  private screen(project: ProjectState, typeId: string) {
    const screen = project.screens.get(typeId);
    if (!screen) throw new Error(`Unknown issue type ${typeId}`);
    return screen;
  }

  private routes(): Route[] {
    const api = '/rest/api/3';
    const open = (method: string, pattern: string, handle: (r: SimRequest) => SimResponse) => ({
      method,
      pattern,
      handle,
    });
    const authed = (
      method: string,
      pattern: string,
      handle: (r: SimRequest, user: JiraUser) => SimResponse,
    ) =>
      open(method, pattern, (request) => {
        const user = this.authenticate(request);
        if (!user) return jiraError(401, ['Client must be authenticated to access this resource.']);
        return handle(request, user);
      });
    const gone = () =>
      jiraError(410, [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ]);
    return [
      open('GET', '/', (r) => this.htmlList(r)),
      open('GET', '/browse/:key', (r) => this.htmlIssue(r)),
      authed('POST', `${api}/issue`, (r, u) => this.createSingle(r, u)),
      authed('POST', `${api}/issue/bulk`, (r, u) => this.createBulk(r, u)),
      authed('GET', `${api}/issue/createmeta/:project/issuetypes`, (r, u) =>
        this.createMetaTypes(r, u),
      ),
      authed('GET', `${api}/issue/createmeta/:project/issuetypes/:typeId`, (r, u) =>
        this.createMetaFields(r, u),
      ),
      authed('GET', `${api}/field`, () => this.fieldList()),
      authed('GET', `${api}/project/:project`, (r, u) => this.getProject(r, u)),
      authed('GET', `${api}/priority/search`, (r) => this.prioritySearch(r)),
      authed('GET', `${api}/resolution/search`, (r) => this.resolutionSearch(r)),
      authed('GET', `${api}/project/:project/statuses`, (r, u) => this.projectStatuses(r, u)),
      authed('GET', `${api}/search/jql`, (r, u) => this.search(r, u, undefined)),
      authed('POST', `${api}/search/jql`, (r, u) => this.search(r, u, parseJsonBody(r.body))),
      open('GET', `${api}/search`, gone),
      open('POST', `${api}/search`, gone),
      authed('GET', `${api}/issue/:key`, (r, u) => this.getIssue(r, u)),
      authed('PUT', `${api}/issue/:key`, (r, u) => this.editIssue(r, u)),
      authed('GET', `${api}/issue/:key/properties`, (r, u) => this.propertyKeys(r, u)),
      authed('GET', `${api}/issue/:key/properties/:property`, (r, u) => this.getProperty(r, u)),
      authed('PUT', `${api}/issue/:key/properties/:property`, (r, u) => this.putProperty(r, u)),
      authed('DELETE', `${api}/issue/:key/properties/:property`, (r, u) =>
        this.deleteProperty(r, u),
      ),
      authed('GET', `${api}/issue/:key/comment`, (r, u) => this.listComments(r, u)),
      authed('POST', `${api}/issue/:key/comment`, (r, u) => this.addComment(r, u)),
      authed('GET', `${api}/issue/:key/transitions`, (r, u) => this.listTransitions(r, u)),
      authed('POST', `${api}/issue/:key/transitions`, (r, u) => this.transition(r, u)),
      authed('GET', `${api}/mypermissions`, (r, u) => this.myPermissions(r, u)),
      authed('GET', `${api}/user/assignable/search`, (r) => this.assignableUsers(r)),
      authed('GET', `${api}/myself`, (_r, u) => ({ status: 200, json: this.site.userJson(u) })),
    ];
  }

  private authenticate(request: SimRequest): JiraUser | undefined {
    const header = request.headers.authorization ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = this.site.users.get(decoded.slice(0, colon).toLowerCase());
    return user && user.apiToken === decoded.slice(colon + 1) ? user : undefined;
  }

  private htmlList(request: SimRequest): SimResponse {
    const page = Number.parseInt(request.query.get('page') ?? '1', 10);
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      text: issueListPage(this.site, this.issuePanelUrl, Number.isFinite(page) ? page : 1),
    };
  }

  private htmlIssue(request: SimRequest): SimResponse {
    const issue = this.site.issue(request.params.key ?? '');
    if (!issue)
      return {
        status: 404,
        contentType: 'text/html; charset=utf-8',
        text: '<!DOCTYPE html><p>No such issue.</p>',
      };
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      text: issuePage(this.site, issue, this.issuePanelUrl),
    };
  }

  private visibleIssue(request: SimRequest, user: JiraUser): IssueRecord | undefined {
    const issue = this.site.issue(request.params.key ?? '');
    return issue && this.site.canBrowse(user, issue.projectKey) ? issue : undefined;
  }

  /** One create: the issue, or Jira's `{ errorMessages, errors }` for it. */
  private create(
    input: unknown,
    user: JiraUser,
  ): { issue: IssueRecord } | { errorMessages: string[]; errors: FieldErrors } {
    const validated = validateCreate(this.site, user, input);
    if ('errors' in validated) return { errorMessages: [], errors: validated.errors };
    const parsedProperties = parseProperties(input);
    if ('errorMessages' in parsedProperties) return parsedProperties;
    const { project, issueTypeId, fields } = validated.ok;
    const rejected = this.reject?.(copyJson(fields));
    if (rejected)
      return {
        errorMessages: [],
        errors:
          rejected === true
            ? { summary: 'The sandbox was told to reject this issue (rejectWhen).' }
            : rejected,
      };
    const issue = this.site.newIssue(project, issueTypeId, user);
    issue.fields = { priority: this.site.priorityJson(DEFAULT_PRIORITY), ...copyJson(fields) };
    for (const [key, value] of parsedProperties.ok) issue.properties.set(key, value);
    return { issue };
  }

  private createdJson(issue: IssueRecord) {
    return { id: issue.id, key: issue.key, self: this.site.issueSelf(issue) };
  }

  private createSingle(request: SimRequest, user: JiraUser): SimResponse {
    const result = this.create(parseJsonBody(request.body), user);
    if ('issue' in result) return { status: 201, json: this.createdJson(result.issue) };
    return jiraError(400, result.errorMessages, result.errors);
  }

  private createBulk(request: SimRequest, user: JiraUser): SimResponse {
    const body = parseJsonBody(request.body);
    const updates = isRecord(body) ? body.issueUpdates : undefined;
    if (!Array.isArray(updates) || updates.length === 0)
      return jiraError(400, ['Specify the issues to create in issueUpdates.']);
    if (updates.length > BULK_LIMIT)
      return jiraError(400, [`The number of issues in a bulk create cannot exceed ${BULK_LIMIT}.`]);
    const issues: ReturnType<JiraSim['createdJson']>[] = [];
    const errors: unknown[] = [];
    (updates as unknown[]).forEach((update, index) => {
      const result = this.create(update, user);
      if ('issue' in result) issues.push(this.createdJson(result.issue));
      else
        errors.push({
          status: 400,
          elementErrors: {
            errorMessages: result.errorMessages,
            errors: result.errors,
            status: 400,
          },
          failedElementNumber: index,
        });
    });
    // Jira answers 201 when at least one issue was created, 400 when none was.
    return { status: issues.length > 0 ? 201 : 400, json: { issues, errors } };
  }

  private browsableProject(request: SimRequest, user: JiraUser): ProjectState | undefined {
    const project = this.site.project(request.params.project ?? '');
    return project && this.site.canBrowse(user, project.key) ? project : undefined;
  }

  private createMetaTypes(request: SimRequest, user: JiraUser): SimResponse {
    const project = this.browsableProject(request, user);
    if (!project)
      return jiraError(404, [
        `No project could be found with key '${request.params.project ?? ''}'.`,
      ]);
    const { startAt, maxResults } = paging(request, 50, 200);
    const types = [...project.screens.keys()].map((id) => this.site.issueTypeJson(id));
    return {
      status: 200,
      json: {
        issueTypes: types.slice(startAt, startAt + maxResults),
        maxResults,
        startAt,
        total: types.length,
      },
    };
  }

  private createMetaFields(request: SimRequest, user: JiraUser): SimResponse {
    const project = this.browsableProject(request, user);
    if (!project)
      return jiraError(404, [
        `No project could be found with key '${request.params.project ?? ''}'.`,
      ]);
    const typeId = request.params.typeId ?? '';
    const screen = project.screens.get(typeId);
    if (!screen)
      return jiraError(404, [
        `The issue type with id '${typeId}' does not exist or is not in the project.`,
      ]);
    const fields = screen.fields.flatMap((fieldId) => {
      const field = this.site.fields.get(fieldId);
      return field
        ? [this.createMetaField(field, project, typeId, screen.required.has(fieldId))]
        : [];
    });
    const { startAt, maxResults } = paging(request, 50, 200);
    return {
      status: 200,
      json: {
        fields: fields.slice(startAt, startAt + maxResults),
        maxResults,
        startAt,
        total: fields.length,
      },
    };
  }

  private createMetaField(
    field: JiraFieldDef,
    project: ProjectState,
    typeId: string,
    required: boolean,
  ) {
    const allowedValues =
      field.kind === 'priority'
        ? PRIORITIES.map((p) => this.site.priorityJson(p))
        : field.kind === 'option'
          ? (field.options ?? []).map((o) => ({
              self: `${this.url}/rest/api/3/customFieldOption/${o.id}`,
              value: o.value,
              id: o.id,
            }))
          : field.kind === 'issuetype'
            ? [this.site.issueTypeJson(typeId)]
            : field.kind === 'project'
              ? [this.site.projectJson(project)]
              : undefined;
    return {
      required,
      schema: field.schema,
      name: field.name,
      key: field.id,
      fieldId: field.id,
      hasDefaultValue: field.kind === 'priority',
      operations: field.kind === 'labels' ? ['add', 'set', 'remove'] : ['set'],
      ...(allowedValues ? { allowedValues } : {}),
      ...(field.kind === 'priority'
        ? { defaultValue: this.site.priorityJson(DEFAULT_PRIORITY) }
        : {}),
    };
  }

  private fieldList(): SimResponse {
    const fields = [...this.site.fields.values()].map((field) => ({
      id: field.id,
      key: field.id,
      name: field.name,
      custom: field.custom,
      orderable: field.kind !== 'readonly',
      navigable: true,
      searchable: true,
      clauseNames: field.custom ? [`cf[${field.schema.customId ?? ''}]`, field.name] : [field.id],
      schema: field.schema,
    }));
    return { status: 200, json: fields };
  }

  private prioritySearch(request: SimRequest): SimResponse {
    const { startAt, maxResults } = paging(request, 50, 50);
    const values = PRIORITIES.map((p) => ({
      ...this.site.priorityJson(p),
      statusColor: p.statusColor,
      description: `${p.name} priority`,
      isDefault: p.id === DEFAULT_PRIORITY.id,
    }));
    const page = values.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      json: {
        self: `${this.url}/rest/api/3/priority/search?startAt=${startAt}&maxResults=${maxResults}`,
        maxResults,
        startAt,
        total: values.length,
        isLast: startAt + page.length >= values.length,
        values: page,
      },
    };
  }

  /** Jira Cloud's default resolutions, in its order. */
  private resolutionSearch(request: SimRequest): SimResponse {
    const { startAt, maxResults } = paging(request, 50, 50);
    const values = RESOLUTIONS.map((resolution) => ({
      self: `${this.url}/rest/api/3/resolution/${resolution.id}`,
      ...resolution,
      description: `${resolution.name} resolution`,
      isDefault: resolution.id === '10000',
    }));
    const page = values.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      json: {
        self: `${this.url}/rest/api/3/resolution/search?startAt=${startAt}&maxResults=${maxResults}`,
        maxResults,
        startAt,
        total: values.length,
        isLast: startAt + page.length >= values.length,
        values: page,
      },
    };
  }

  /**
   * Per issue type, the statuses of its workflow (the sandbox has one workflow for all): To Do,
   * In Progress (which no transition reaches, like a status another team's board uses) and Done.
   */
  private projectStatuses(request: SimRequest, user: JiraUser): SimResponse {
    const ref = request.params.project ?? '';
    const project = this.site.project(ref);
    if (!project || !this.site.canBrowse(user, project.key))
      return jiraError(404, [`No project could be found with key '${ref}'.`]);
    return {
      status: 200,
      json: [...project.screens.keys()].map((typeId) => ({
        ...this.site.issueTypeJson(typeId),
        statuses: WORKFLOW_STATUSES.map((status) => ({
          self: `${this.url}/rest/api/3/status/${status.id}`,
          description: '',
          name: status.name,
          untranslatedName: status.name,
          id: status.id,
          statusCategory: { key: status.category, name: status.categoryName },
        })),
      })),
    };
  }

  private search(request: SimRequest, user: JiraUser, body: unknown): SimResponse {
    const input = isRecord(body) ? body : {};
    const jql = typeof input.jql === 'string' ? input.jql : (request.query.get('jql') ?? '');
    const token =
      typeof input.nextPageToken === 'string'
        ? input.nextPageToken
        : request.query.get('nextPageToken');
    const fields = listParam(request.query.getAll('fields'), input.fields);
    const properties = listParam(request.query.getAll('properties'), input.properties);
    const askedMax = Number(input.maxResults ?? request.query.get('maxResults') ?? 50);
    const onlyIds = fields.every((field) => field === 'id' || field === 'key');
    const maxResults = Math.min(
      onlyIds ? 5000 : 100,
      Number.isInteger(askedMax) && askedMax > 0 ? askedMax : 50,
    );
    let offset = 0;
    if (token) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!decoded?.[1])
        return jiraError(400, ['The provided next page token is invalid or expired.']);
      offset = Number(decoded[1]);
    }
    let query;
    try {
      query = parseJql(this.site, jql);
    } catch (error) {
      if (error instanceof JqlError) return jiraError(400, [error.message]);
      throw error;
    }
    const indexedBefore = this.site.now() - this.searchLagMs;
    const sign = query.order === 'ASC' ? 1 : -1;
    const found = this.site.issues
      .filter((issue) => this.site.canBrowse(user, issue.projectKey))
      .filter((issue) => this.searchLagMs === 0 || issue.created <= indexedBefore)
      .filter((issue) => query.matches(issue))
      .sort((a, b) => sign * (a.created - b.created || Number(a.id) - Number(b.id)));
    const page = found.slice(offset, offset + maxResults);
    const next = offset + page.length;
    return {
      status: 200,
      json: {
        issues: page.map((issue) => this.site.issueJson(issue, fields, properties)),
        isLast: next >= found.length,
        ...(next < found.length
          ? { nextPageToken: Buffer.from(`offset:${next}`).toString('base64url') }
          : {}),
      },
    };
  }

  private getProject(request: SimRequest, user: JiraUser): SimResponse {
    const ref = request.params.project ?? '';
    const project = this.site.project(ref);
    if (!project || !this.site.canBrowse(user, project.key))
      return jiraError(404, [`No project could be found with key '${ref}'.`]);
    return { status: 200, json: this.site.projectJson(project) };
  }

  private getIssue(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    const fields = listParam(request.query.getAll('fields'), undefined);
    const properties = listParam(request.query.getAll('properties'), undefined);
    return {
      status: 200,
      json: this.site.issueJson(issue, fields.length > 0 ? fields : ['*all'], properties),
    };
  }

  private editIssue(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    const project = issue ? this.site.project(issue.projectKey) : undefined;
    if (!issue || !project) return ISSUE_NOT_FOUND();
    const input = parseJsonBody(request.body);
    const result = validateEdit(this.site, project, issue.issueTypeId, input);
    if ('errors' in result) return jiraError(400, [], result.errors);
    // Jira's edit issue sets `properties` "as part of the edit": all of it applies, or none.
    const properties = parseProperties(input);
    if ('errorMessages' in properties) return jiraError(400, properties.errorMessages);
    for (const fieldId of result.cleared) delete issue.fields[fieldId];
    Object.assign(issue.fields, copyJson(result.ok));
    for (const [key, value] of properties.ok) issue.properties.set(key, value);
    issue.updated = this.site.now();
    return { status: 204 };
  }

  private propertyKeys(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    const keys = [...issue.properties.keys()].map((key) => ({
      self: `${this.site.issueSelf(issue)}/properties/${encodeURIComponent(key)}`,
      key,
    }));
    return { status: 200, json: { keys } };
  }

  private getProperty(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    const key = request.params.property ?? '';
    if (!issue.properties.has(key))
      return jiraError(404, [`The property with key '${key}' does not exist.`]);
    return { status: 200, json: { key, value: copyJson(issue.properties.get(key)) } };
  }

  private putProperty(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    const key = request.params.property ?? '';
    if (key.length === 0 || key.length > 255)
      return jiraError(400, ['The property key cannot be longer than 255 characters.']);
    if (Buffer.byteLength(request.body) > PROPERTY_MAX_BYTES)
      return jiraError(400, [
        `The property value is too big. The maximum size allowed is ${PROPERTY_MAX_BYTES} bytes.`,
      ]);
    const value = parseJsonBody(request.body);
    if (value === undefined) return jiraError(400, ['The property value must be valid JSON.']);
    const existed = issue.properties.has(key);
    issue.properties.set(key, value);
    return { status: existed ? 200 : 201 };
  }

  private deleteProperty(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    const key = request.params.property ?? '';
    if (!issue.properties.delete(key))
      return jiraError(404, [`The property with key '${key}' does not exist.`]);
    return { status: 204 };
  }

  private commentJson(issue: IssueRecord, comment: IssueRecord['comments'][number]) {
    const author = this.site.userByAccountId(comment.authorAccountId);
    return {
      self: `${this.site.issueSelf(issue)}/comment/${comment.id}`,
      id: comment.id,
      author: author ? this.site.userJson(author) : null,
      body: copyJson(comment.body),
      created: jiraTime(comment.created),
      updated: jiraTime(comment.created),
      jsdPublic: true,
    };
  }

  private listComments(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    // Jira's `orderBy` takes created (oldest first, the default), +created or -created; pages by
    // startAt/maxResults (at most 5000 a page).
    const newestFirst = request.query.get('orderBy') === '-created';
    const startAt = Math.max(0, Number(request.query.get('startAt') ?? 0) || 0);
    const maxResults = Math.min(
      5000,
      Math.max(1, Number(request.query.get('maxResults') ?? 5000) || 5000),
    );
    const ordered = newestFirst ? [...issue.comments].reverse() : issue.comments;
    const comments = ordered
      .slice(startAt, startAt + maxResults)
      .map((comment) => this.commentJson(issue, comment));
    return {
      status: 200,
      json: { startAt, maxResults, total: issue.comments.length, comments },
    };
  }

  /**
   * The sandbox workflow: "Done" (31) resolves an open issue with resolution Done, "Reopen" (11)
   * takes a resolved one back to To Do. A transition not offered from the status is a 400.
   */
  private transitionsOf(issue: IssueRecord) {
    return issue.resolution
      ? [
          {
            id: '11',
            name: 'Reopen',
            to: { id: '10000', name: 'To Do', statusCategory: { key: 'new' } },
          },
        ]
      : [
          {
            id: '31',
            name: 'Done',
            to: { id: '10002', name: 'Done', statusCategory: { key: 'done' } },
          },
        ];
  }

  private listTransitions(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    return { status: 200, json: { transitions: this.transitionsOf(issue) } };
  }

  private transition(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    const body = parseJsonBody(request.body);
    const id = isRecord(body) && isRecord(body.transition) ? body.transition.id : undefined;
    if (!this.transitionsOf(issue).some((offered) => offered.id === id))
      return jiraError(400, [`Transition id '${String(id)}' is not valid for this issue.`]);
    const now = this.site.now();
    if (id === '31') issue.resolution = { name: 'Done', at: now };
    else delete issue.resolution;
    issue.updated = Math.max(issue.updated, now);
    return { status: 204 };
  }

  private addComment(request: SimRequest, user: JiraUser): SimResponse {
    const issue = this.visibleIssue(request, user);
    if (!issue) return ISSUE_NOT_FOUND();
    const body = parseJsonBody(request.body);
    const doc = isRecord(body) ? body.body : undefined;
    if (!isAdfDocument(doc))
      return jiraError(400, [], {
        comment:
          'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      });
    const comment = {
      id: this.site.newCommentId(),
      authorAccountId: user.accountId,
      body: copyJson(doc),
      created: this.site.now(),
    };
    issue.comments.push(comment);
    return { status: 201, json: this.commentJson(issue, comment) };
  }

  /**
   * `findAssignableUsers` by project and account id: the users who may be assigned issues there
   * (here: those who can work in the project), as an array; an unknown project is a 404.
   */
  private assignableUsers(request: SimRequest): SimResponse {
    const projectRef = request.query.get('project');
    if (!projectRef)
      return jiraError(400, ['A project, issue key or action descriptor is required.']);
    const project = this.site.project(projectRef);
    if (!project) return jiraError(404, [`Project '${projectRef}' not found.`]);
    const accountId = request.query.get('accountId');
    const users = [...this.site.users.values()].filter(
      (user) =>
        (accountId === null || user.accountId === accountId) &&
        this.site.canEdit(user, project.key),
    );
    return { status: 200, json: users.map((user) => this.site.userJson(user)) };
  }

  private myPermissions(request: SimRequest, user: JiraUser): SimResponse {
    const asked = listParam(request.query.getAll('permissions'), undefined);
    if (asked.length === 0) return jiraError(400, ['The permissions parameter is required.']);
    const unknown = asked.filter((name) => !Object.hasOwn(PERMISSION_IDS, name));
    if (unknown.length > 0)
      return jiraError(400, [`Unrecognized permission keys: ${unknown.join(', ')}`]);
    let projectKeys: string[];
    const issueRef = request.query.get('issueKey') ?? request.query.get('issueId');
    const projectRef = request.query.get('projectKey') ?? request.query.get('projectId');
    if (issueRef) {
      const issue = this.site.issue(issueRef);
      if (!issue) return ISSUE_NOT_FOUND();
      projectKeys = [issue.projectKey];
    } else if (projectRef) {
      const project = this.site.project(projectRef);
      if (!project) return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
      projectKeys = [project.key];
    } else {
      // Without a project or issue, Jira answers whether the user has it in any project.
      projectKeys = [...this.site.projects.keys()];
    }
    const has = (name: string) => {
      if (name === 'ADMINISTER') return false;
      if (name === 'ADMINISTER_PROJECTS')
        return projectKeys.some((key) => user.projectAdmin.includes(key));
      if (name === 'BROWSE_PROJECTS')
        return projectKeys.some((key) => this.site.canBrowse(user, key));
      return projectKeys.some((key) => this.site.canEdit(user, key));
    };
    const permissions = Object.fromEntries(
      asked.map((name) => [
        name,
        {
          id: PERMISSION_IDS[name],
          key: name,
          name,
          type: name === 'ADMINISTER' ? 'GLOBAL' : 'PROJECT',
          havePermission: has(name),
        },
      ]),
    );
    return { status: 200, json: { permissions } };
  }
}

/**
 * The `properties` of a create or an edit (`IssueUpdateDetails.properties`, a list of
 * `{ key, value }`), checked as Jira checks an issue property: key ≤ 255, value ≤ 32 KB.
 */
function parseProperties(
  input: unknown,
): { ok: [string, unknown][] } | { errorMessages: string[]; errors: FieldErrors } {
  const properties = isRecord(input) ? input.properties : undefined;
  const parsed: [string, unknown][] = [];
  if (properties === undefined) return { ok: parsed };
  if (!Array.isArray(properties))
    return { errorMessages: ['properties must be a list of { key, value }'], errors: {} };
  for (const property of properties as unknown[]) {
    if (!isRecord(property) || typeof property.key !== 'string' || property.key.length > 255)
      return { errorMessages: ['Each property needs a key of at most 255 characters'], errors: {} };
    if (Buffer.byteLength(JSON.stringify(property.value ?? null)) > PROPERTY_MAX_BYTES)
      return {
        errorMessages: [
          `The property value is too big. The maximum size allowed is ${PROPERTY_MAX_BYTES} bytes.`,
        ],
        errors: {},
      };
    parsed.push([property.key, copyJson(property.value)]);
  }
  return { ok: parsed };
}
