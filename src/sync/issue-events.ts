/**
 * Jira's issue-updated event (the manifest's `issue-write-back` trigger): an app issue whose
 * status changed is handed to the write-back. Everything else is ignored after at most one
 * storage read: events of projects the app is not configured in, changes that touch neither
 * status nor resolution, and issues without the app's `mcas.alert` property.
 *
 * Calls for an issue that needs a closure (MCAS): 1 Jira read (status, resolution, property),
 * 1 property write before and 1 after, 1 MCAS close; Graph adds the alert look-up by time and a
 * comment (3 Graph calls); an Entra tenant adds its token.
 */
import { z } from 'zod';
import { createJiraClient } from '../clients/jira';
import type { ProjectId } from '../core/config';
import { ProjectId as ProjectIdSchema } from '../core/config';
import { ALERT_PROPERTY_KEY } from '../core/model';
import { loadProject, loadTenant } from './repository';
import type { SyncDeps } from './run-context';
import { runPolicy } from './run-policy';
import type { WriteBackOutcome } from './write-back';
import { applyWriteBack, trustedIssues, writeBackIssue } from './write-back';
import { writeBackScope } from './write-back-scope';

/** The part of Jira's `avi:jira:updated:issue` payload the app reads; the rest may vary. */
export const IssueUpdatedEvent = z.object({
  issue: z.object({
    key: z.string().min(1),
    fields: z
      .object({ project: z.object({ id: z.string() }).loose().optional() })
      .loose()
      .optional(),
  }),
  changelog: z
    .object({ items: z.array(z.object({ field: z.string().optional() }).loose()) })
    .loose()
    .optional(),
  user: z.object({ displayName: z.string().optional() }).loose().optional(),
});
export type IssueUpdatedEvent = z.infer<typeof IssueUpdatedEvent>;

export type IssueEventOutcome = WriteBackOutcome | { kind: 'ignored'; why: string };

/** Forge allows a product-event function 25 s by default; the event's calls stop before that. */
const EVENT_BUDGET_MS = 20_000;
const STATUS_FIELDS = new Set(['status', 'resolution']);

export async function handleIssueUpdated(
  payload: unknown,
  deps: SyncDeps,
): Promise<IssueEventOutcome> {
  const event = IssueUpdatedEvent.safeParse(payload);
  if (!event.success) return { kind: 'ignored', why: 'not an issue event' };
  const { issue, changelog, user } = event.data;
  // Without a changelog the event cannot tell; with one, only status changes concern us.
  if (changelog && !changelog.items.some((item) => STATUS_FIELDS.has(item.field ?? '')))
    return { kind: 'ignored', why: 'no status change' };
  const projectId = ProjectIdSchema.safeParse(issue.fields?.project?.id);
  if (!projectId.success) return { kind: 'ignored', why: 'no project id' };
  return writeBackForIssue(projectId.data, issue.key, deps, user?.displayName);
}

/** Reads the issue and carries out what its status asks (also used by tests and the CLI). */
export async function writeBackForIssue(
  projectId: ProjectId,
  issueKey: string,
  deps: SyncDeps,
  resolvedBy?: string,
): Promise<IssueEventOutcome> {
  const project = await loadProject(deps.store, projectId);
  if (!project) return { kind: 'ignored', why: 'project not configured' };
  const policy = runPolicy(deps.clock.now() + EVENT_BUDGET_MS);
  const jira = createJiraClient({
    transport: deps.jira,
    clock: deps.clock,
    logger: deps.logger,
    random: deps.random,
    policy,
  });
  const found = await jira.getIssue(issueKey, {
    fields: ['status', 'resolution'],
    properties: [ALERT_PROPERTY_KEY],
  });
  const issue = found ? writeBackIssue(found) : undefined;
  if (!issue) return { kind: 'ignored', why: 'not an app issue' };
  const tenant = await loadTenant(deps.store, { projectId, tenantId: issue.property.tenantId });
  if (!tenant?.writeBack) return { kind: 'ignored', why: 'write-back is off for the tenant' };
  const scope = writeBackScope(project, tenant, deps, policy);
  const [trusted] = await trustedIssues(scope, [issue]);
  if (!trusted) return { kind: 'ignored', why: 'the property does not match the app record' };
  return applyWriteBack(scope, trusted, resolvedBy);
}
