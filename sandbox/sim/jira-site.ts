/**
 * The state of the simulated Jira site (projects, screens, users, issues) and the JSON shapes
 * Jira uses to describe them. The HTTP routes (jira.ts), the field validation (jira-validate.ts)
 * and the HTML pages (jira-html.ts) all read from here.
 */
import type { JiraFieldDef, JiraUser } from './jira-catalogue';
import {
  APP_CUSTOM_FIELDS,
  DEFAULT_PROJECT,
  DEFAULT_REQUIRED,
  DEFAULT_SCREEN,
  ISSUE_TYPES,
  OFF_SCREEN_FIELD,
  SANDBOX_JIRA_ADMIN,
  SYSTEM_FIELDS,
} from './jira-catalogue';

export interface Screen {
  fields: string[];
  required: Set<string>;
}

export interface ProjectState {
  id: string;
  key: string;
  name: string;
  /** Issue type id → its create/edit screen. */
  screens: Map<string, Screen>;
  nextNumber: number;
}

export interface CommentRecord {
  id: string;
  authorAccountId: string;
  body: unknown;
  created: number;
}

export interface IssueRecord {
  id: string;
  key: string;
  projectKey: string;
  issueTypeId: string;
  /** Values as written (normalised where Jira normalises, e.g. priority → {id, name}). */
  fields: Record<string, unknown>;
  properties: Map<string, unknown>;
  comments: CommentRecord[];
  created: number;
  updated: number;
  reporterAccountId: string;
  /** Set when an analyst resolved the issue (the sandbox has no workflow: To Do → Done). */
  resolution?: { name: string; at: number };
}

/** Jira's own timestamp format: `2026-11-28T08:19:03.000+0000`. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function copyJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export class JiraSite {
  readonly fields = new Map<string, JiraFieldDef>();
  readonly projects = new Map<string, ProjectState>();
  readonly users = new Map<string, JiraUser>();
  readonly issues: IssueRecord[] = [];
  origin = '';
  private nextIssueId = 10000;
  private nextCommentId = 10000;

  constructor(readonly now: () => number) {
    for (const field of [...SYSTEM_FIELDS, ...APP_CUSTOM_FIELDS, OFF_SCREEN_FIELD])
      this.fields.set(field.id, field);
    this.addProject(DEFAULT_PROJECT);
    this.addUser(SANDBOX_JIRA_ADMIN);
  }

  addUser(user: JiraUser): void {
    this.users.set(user.email.toLowerCase(), { ...user });
  }

  addProject(project: { id: string; key: string; name: string }): ProjectState {
    const state: ProjectState = { ...project, screens: new Map(), nextNumber: 1 };
    for (const type of ISSUE_TYPES)
      state.screens.set(type.id, {
        fields: [...DEFAULT_SCREEN],
        required: new Set(DEFAULT_REQUIRED),
      });
    this.projects.set(project.key, state);
    return state;
  }

  project(idOrKey: string): ProjectState | undefined {
    return (
      this.projects.get(idOrKey.toUpperCase()) ??
      [...this.projects.values()].find((project) => project.id === idOrKey)
    );
  }

  userByAccountId(accountId: string): JiraUser | undefined {
    return [...this.users.values()].find((user) => user.accountId === accountId);
  }

  canBrowse(user: JiraUser, projectKey: string): boolean {
    return this.canEdit(user, projectKey) || (user.viewOnly ?? []).includes(projectKey);
  }

  canEdit(user: JiraUser, projectKey: string): boolean {
    return user.browse.includes(projectKey) || user.projectAdmin.includes(projectKey);
  }

  issue(idOrKey: string): IssueRecord | undefined {
    const wanted = idOrKey.toUpperCase();
    return this.issues.find((issue) => issue.key === wanted || issue.id === idOrKey);
  }

  newIssue(project: ProjectState, issueTypeId: string, reporter: JiraUser): IssueRecord {
    const now = this.now();
    const issue: IssueRecord = {
      id: String(this.nextIssueId++),
      key: `${project.key}-${project.nextNumber++}`,
      projectKey: project.key,
      issueTypeId,
      fields: {},
      properties: new Map(),
      comments: [],
      created: now,
      updated: now,
      reporterAccountId: reporter.accountId,
    };
    this.issues.push(issue);
    return issue;
  }

  newCommentId(): string {
    return String(this.nextCommentId++);
  }

  issueSelf(issue: IssueRecord): string {
    return `${this.origin}/rest/api/3/issue/${issue.id}`;
  }

  issueTypeJson(typeId: string) {
    const type = ISSUE_TYPES.find((candidate) => candidate.id === typeId);
    if (!type) throw new Error(`Unknown issue type ${typeId}`);
    return {
      self: `${this.origin}/rest/api/3/issuetype/${type.id}`,
      id: type.id,
      description: type.description,
      iconUrl: `${this.origin}/images/icons/issuetypes/${type.id}.svg`,
      name: type.name,
      subtask: false,
      hierarchyLevel: 0,
    };
  }

  priorityJson(priority: { id: string; name: string; statusColor: string }) {
    return {
      self: `${this.origin}/rest/api/3/priority/${priority.id}`,
      iconUrl: `${this.origin}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
      name: priority.name,
      id: priority.id,
    };
  }

  projectJson(project: ProjectState) {
    return {
      self: `${this.origin}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      projectTypeKey: 'software',
      simplified: false,
    };
  }

  userJson(user: JiraUser) {
    return {
      self: `${this.origin}/rest/api/3/user?accountId=${user.accountId}`,
      accountId: user.accountId,
      emailAddress: user.email,
      displayName: user.displayName,
      active: true,
      timeZone: 'Etc/UTC',
      accountType: 'atlassian',
    };
  }

  /** All fields of an issue as GET /issue answers them, system ones included. */
  issueFields(issue: IssueRecord): Record<string, unknown> {
    const project = this.projects.get(issue.projectKey);
    const reporter = this.userByAccountId(issue.reporterAccountId);
    return {
      ...copyJson(issue.fields),
      project: project ? this.projectJson(project) : null,
      issuetype: this.issueTypeJson(issue.issueTypeId),
      status: issue.resolution
        ? { name: 'Done', id: '10002', statusCategory: { key: 'done', name: 'Done' } }
        : { name: 'To Do', id: '10000', statusCategory: { key: 'new', name: 'To Do' } },
      resolution: issue.resolution ? { name: issue.resolution.name } : null,
      resolutiondate: issue.resolution ? jiraTime(issue.resolution.at) : null,
      reporter: reporter ? this.userJson(reporter) : null,
      created: jiraTime(issue.created),
      updated: jiraTime(issue.updated),
    };
  }

  /**
   * An issue bean with the asked fields: `*all`/`*navigable` for every field, `-name` to leave
   * one out, otherwise the named ones. No field asked → only the id, as `/search/jql` does.
   */
  issueJson(issue: IssueRecord, fields: string[], properties: string[]): Record<string, unknown> {
    const bean: Record<string, unknown> = { id: issue.id };
    const wanted = fields.filter((field) => field !== '' && field !== 'id');
    if (wanted.length > 0) {
      const all = this.issueFields(issue);
      const everything = wanted.some((field) => field === '*all' || field === '*navigable');
      const excluded = new Set(wanted.filter((f) => f.startsWith('-')).map((f) => f.slice(1)));
      const selected: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(all)) {
        if (excluded.has(name)) continue;
        if (everything || wanted.includes(name)) selected[name] = value;
      }
      Object.assign(bean, { key: issue.key, self: this.issueSelf(issue), fields: selected });
    }
    if (properties.length > 0) {
      const found: Record<string, unknown> = {};
      for (const key of properties) {
        if (issue.properties.has(key)) found[key] = copyJson(issue.properties.get(key));
      }
      bean.properties = found;
    }
    return bean;
  }
}
