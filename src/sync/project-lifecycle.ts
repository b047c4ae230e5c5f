/**
 * What Jira tells the app about a project's life (Forge product events, `manifest.yml` trigger
 * `project-lifecycle`): everything is stored by project id, so a renamed key only changes what is
 * shown; a project in the trash stops syncing until it is restored; a project deleted for good
 * has its configuration, tenants, secrets and state removed (`purgeProjectData`).
 * Events are delivered at least once and may come late or out of order: each answer below is
 * safe to repeat.
 */
import { z } from 'zod';
import { ProjectId } from '../core/config';
import type { Logger, Store } from '../ports';
import { purgeProjectData } from './project-data';
import { loadProject, saveProject } from './repository';

/** The Jira project events the app subscribes to. */
export const PROJECT_EVENTS = [
  'avi:jira:updated:project',
  'avi:jira:softdeleted:project',
  'avi:jira:restored:project',
  'avi:jira:deleted:project',
] as const;

/** The documented payload: `{ eventType, project: { id, key, name, … } }`. */
export const ProjectEvent = z.looseObject({
  eventType: z.enum(PROJECT_EVENTS),
  project: z.looseObject({ id: z.coerce.string(), key: z.string().min(1).max(20) }),
});
export type ProjectEvent = z.infer<typeof ProjectEvent>;

export type ProjectEventOutcome =
  'ignored' | 'not-configured' | 'renamed' | 'unchanged' | 'trashed' | 'restored' | 'purged';

export async function onProjectEvent(
  deps: { store: Store; logger: Logger },
  payload: unknown,
): Promise<ProjectEventOutcome> {
  const parsed = ProjectEvent.safeParse(payload);
  const projectId = parsed.success ? ProjectId.safeParse(parsed.data.project.id) : undefined;
  if (!parsed.success || !projectId?.success) {
    deps.logger.warn('ignored a project event that is not the documented shape');
    return 'ignored';
  }
  const { eventType, project } = parsed.data;
  const id = projectId.data;
  if (eventType === 'avi:jira:deleted:project') {
    const report = await purgeProjectData(deps.store, id);
    deps.logger.info('removed the data of a deleted project', { projectId: id, ...report });
    return 'purged';
  }
  const config = await loadProject(deps.store, id);
  if (!config) return 'not-configured';
  switch (eventType) {
    case 'avi:jira:updated:project': {
      if (config.projectKey === project.key) return 'unchanged';
      // Only the key shown in messages and links changes: nothing is keyed by it.
      await saveProject(deps.store, { ...config, projectKey: project.key });
      return 'renamed';
    }
    case 'avi:jira:softdeleted:project':
      await saveProject(deps.store, { ...config, inTrash: true });
      return 'trashed';
    case 'avi:jira:restored:project':
      await saveProject(deps.store, { ...config, inTrash: false });
      return 'restored';
  }
}
