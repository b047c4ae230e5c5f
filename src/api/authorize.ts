/**
 * Who may call what, asked of Jira as the calling user. The project and issue come from the
 * trusted resolver context; a payload never names them.
 */
import { z } from 'zod';
import { CredentialError } from '../clients/errors';
import { createJiraClient } from '../clients/jira';
import { ProjectConfig } from '../core/config';
import { ApiError } from './errors';
import { RESOLVER_RETRY_POLICY } from './retry-policy';
import type { ApiPorts, Caller } from './ports';

const ProjectKey = ProjectConfig.shape.projectKey;
const IssueKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,9}-\d{1,12}$/);

export interface ProjectAdminAccess {
  projectKey: string;
}

export interface IssueAccess {
  issueKey: string;
  projectKey: string;
  fields: Record<string, unknown>;
  properties: Record<string, unknown>;
}

/** Jira as the calling user, with the short retry policy that fits the 25 s resolver limit. */
export function userJira(ports: ApiPorts) {
  return createJiraClient({
    transport: ports.jira,
    clock: ports.clock,
    logger: ports.logger,
    as: 'user',
    policy: RESOLVER_RETRY_POLICY,
  });
}

/** The settings page: only admins of the project it is opened in (`ADMINISTER_PROJECTS`). */
export async function requireProjectAdmin(
  ports: ApiPorts,
  caller: Caller,
): Promise<ProjectAdminAccess> {
  const projectKey = ProjectKey.safeParse(caller.projectKey);
  if (!projectKey.success) {
    throw new ApiError('FORBIDDEN', 'Open the app from a project’s settings to configure it.');
  }
  let permissions: Record<string, boolean>;
  try {
    permissions = await userJira(ports).myPermissions({
      projectKey: projectKey.data,
      permissions: ['ADMINISTER_PROJECTS'],
    });
  } catch (error) {
    if (error instanceof CredentialError) throw notAdmin(projectKey.data);
    throw error;
  }
  if (permissions.ADMINISTER_PROJECTS !== true) throw notAdmin(projectKey.data);
  return { projectKey: projectKey.data };
}

export interface ProjectBrowseAccess {
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
  const projectKey = ProjectKey.safeParse(caller.projectKey ?? requested);
  if (!projectKey.success) {
    throw new ApiError('FORBIDDEN', 'Choose a project for this report.');
  }
  const cannot = new ApiError('FORBIDDEN', `You cannot browse project ${projectKey.data}.`);
  let permissions: Record<string, boolean>;
  try {
    permissions = await userJira(ports).myPermissions({
      projectKey: projectKey.data,
      permissions: ['BROWSE_PROJECTS'],
    });
  } catch (error) {
    if (error instanceof CredentialError) throw cannot;
    throw error;
  }
  if (permissions.BROWSE_PROJECTS !== true) throw cannot;
  return { projectKey: projectKey.data };
}

function notAdmin(projectKey: string): ApiError {
  return new ApiError(
    'FORBIDDEN',
    `Only administrators of project ${projectKey} can change its Cloud App Alerts settings.`,
  );
}

const IssueProject = z.object({ project: z.object({ key: ProjectKey }) });

/**
 * The issue panel: only users who can see the issue. Reading it as the user is the check: Jira
 * answers 404 (or 403) for an issue the user may not browse.
 */
export async function requireIssueVisible(
  ports: ApiPorts,
  caller: Caller,
  properties: string[],
): Promise<IssueAccess> {
  const issueKey = IssueKey.safeParse(caller.issueKey);
  if (!issueKey.success) throw new ApiError('FORBIDDEN', 'Open the panel from an issue.');
  const hidden = new ApiError('FORBIDDEN', `You cannot see issue ${issueKey.data}.`);
  let issue;
  try {
    issue = await userJira(ports).getIssue(issueKey.data, {
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
    projectKey: project.data.project.key,
    fields: issue.fields,
    properties: issue.properties ?? {},
  };
}
