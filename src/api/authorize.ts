/**
 * Who may call what, asked of Jira as the calling user. The project and issue come from the
 * trusted resolver context; a payload never names them.
 */
import { z } from 'zod';
import { CredentialError } from '../clients/errors';
import { ProjectId, ProjectKey } from '../core/config';
import { NotPermittedError } from '../core/errors';
import type { PanelIssue } from '../sync/panel/panel-issue';
import { userJira as jiraAsUser } from '../sync/resolver-deps';
import type { RetryPolicy } from '../clients/retry';
import { RESOLVER_RETRY_POLICY } from './retry-policy';
import type { ApiPorts, Caller } from './ports';

const CallerProject = z.object({ id: ProjectId, key: ProjectKey });
const IssueKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,9}-\d{1,12}$/);

export interface ProjectAdminAccess {
  projectId: ProjectId;
  projectKey: string;
}

/** The issue the panel is open on, read as the caller: the panel use cases' `PanelIssue`. */
export type IssueAccess = PanelIssue;

/** Jira as the calling user, with the resolver's policy (the 25 s budget of its invocation). */
export function userJira(ports: ApiPorts, policy: RetryPolicy = RESOLVER_RETRY_POLICY) {
  return jiraAsUser({ ...ports, policy, options: {} });
}

/** The settings page: only admins of the project it is opened in (`ADMINISTER_PROJECTS`). */
export async function requireProjectAdmin(
  ports: ApiPorts,
  caller: Caller,
  policy: RetryPolicy = RESOLVER_RETRY_POLICY,
): Promise<ProjectAdminAccess> {
  const project = CallerProject.safeParse(caller.project);
  if (!project.success) {
    throw new NotPermittedError('Open the app from a project’s settings to configure it.');
  }
  const { id: projectId, key: projectKey } = project.data;
  let permissions: Record<string, boolean>;
  try {
    permissions = await userJira(ports, policy).myPermissions({
      projectId,
      permissions: ['ADMINISTER_PROJECTS'],
    });
  } catch (error) {
    if (error instanceof CredentialError) throw notAdmin(projectKey);
    throw error;
  }
  if (permissions.ADMINISTER_PROJECTS !== true) throw notAdmin(projectKey);
  return { projectId, projectKey };
}

export interface ProjectBrowseAccess {
  projectId: ProjectId;
  projectKey: string;
}

/**
 * Reports: everyone who can browse the project (`BROWSE_PROJECTS`). The project page's project
 * comes from the trusted context and wins; the dashboard gadget has none, so it names one, and
 * Jira answers for the caller whether they may browse it.
 */
export async function requireProjectBrowser(
  ports: ApiPorts,
  caller: Caller,
  requested: string | undefined,
): Promise<ProjectBrowseAccess> {
  const fromContext = CallerProject.safeParse(caller.project);
  const projectKey = ProjectKey.safeParse(fromContext.success ? fromContext.data.key : requested);
  if (!projectKey.success) {
    throw new NotPermittedError('Choose a project for this report.');
  }
  const cannot = new NotPermittedError(`You cannot browse project ${projectKey.data}.`);
  let permissions: Record<string, boolean>;
  let projectId: ProjectId | undefined = fromContext.success ? fromContext.data.id : undefined;
  try {
    const jira = userJira(ports);
    // The gadget names a project by key: Jira, asked as the caller, gives its id (or a 404).
    if (projectId === undefined) {
      const project = await jira.getProject(projectKey.data);
      if (!project) throw cannot;
      projectId = ProjectId.parse(project.id);
    }
    permissions = await jira.myPermissions({
      projectId,
      permissions: ['BROWSE_PROJECTS'],
    });
  } catch (error) {
    if (error instanceof CredentialError) throw cannot;
    throw error;
  }
  if (permissions.BROWSE_PROJECTS !== true) throw cannot;
  return { projectId, projectKey: projectKey.data };
}

function notAdmin(projectKey: string): NotPermittedError {
  return new NotPermittedError(
    `Only administrators of project ${projectKey} can change its Cloud App Alerts settings.`,
  );
}

const IssueProject = z.object({ project: z.object({ id: ProjectId, key: ProjectKey }) });

/**
 * The issue panel: only users who can see the issue. Reading it as the user is the check: Jira
 * answers 404 (or 403) for an issue the user may not browse.
 */
export async function requireIssueVisible(
  ports: ApiPorts,
  caller: Caller,
  properties: string[],
  policy: RetryPolicy = RESOLVER_RETRY_POLICY,
): Promise<IssueAccess> {
  const issueKey = IssueKey.safeParse(caller.issueKey);
  if (!issueKey.success) throw new NotPermittedError('Open the panel from an issue.');
  const hidden = new NotPermittedError(`You cannot see issue ${issueKey.data}.`);
  let issue;
  try {
    issue = await userJira(ports, policy).getIssue(issueKey.data, {
      fields: ['summary', 'description', 'project'],
      properties,
    });
  } catch (error) {
    if (error instanceof CredentialError) throw hidden;
    throw error;
  }
  if (!issue) throw hidden;
  const project = IssueProject.safeParse(issue.fields);
  if (!project.success) throw hidden;
  return {
    issueKey: issue.key,
    projectId: project.data.project.id,
    projectKey: project.data.project.key,
    fields: issue.fields,
    properties: issue.properties ?? {},
  };
}

/**
 * The panel's AbuseIPDB actions spend the project's quota: only users who can edit the issue
 * (`EDIT_ISSUES` on it, asked of Jira as the user through `mypermissions`), checked before any
 * look-up. Seeing an issue is not enough.
 */
export async function requireIssueEditable(
  ports: ApiPorts,
  access: IssueAccess,
  policy?: RetryPolicy,
): Promise<void> {
  const refused = new NotPermittedError(
    `Only users who can edit issue ${access.issueKey} can ask AbuseIPDB about its addresses.`,
  );
  let permissions: Record<string, boolean>;
  try {
    permissions = await userJira(ports, policy).myPermissions({
      issueKey: access.issueKey,
      permissions: ['EDIT_ISSUES'],
    });
  } catch (error) {
    if (error instanceof CredentialError) throw refused;
    throw error;
  }
  if (permissions.EDIT_ISSUES !== true) throw refused;
}
