/**
 * What the write-back editor offers: the site's resolutions (to map to closures) and the
 * statuses of the project's workflows (where an issue goes when Defender closes its alert).
 * Two Jira calls, side by side, read as the app, because the app is who transitions the issues.
 */
import type { JiraClient } from '../clients/jira';
import type { ProjectId } from '../core/config';
import type { ResolverDeps } from './resolver-deps';
import { appJira } from './resolver-deps';
import type { NamedItem } from '../clients/jira-types';

export interface WriteBackMeta {
  resolutions: NamedItem[];
  statuses: Array<NamedItem & { category?: string }>;
}

/** The Write-back tab's pickers for the project, asked of Jira as the app. */
export function writeBackMetaOf(deps: ResolverDeps, projectId: ProjectId): Promise<WriteBackMeta> {
  return readWriteBackMeta(appJira(deps), projectId);
}

export async function readWriteBackMeta(
  jira: JiraClient,
  projectIdOrKey: string,
): Promise<WriteBackMeta> {
  const [resolutions, statuses] = await Promise.all([
    jira.getResolutions(),
    jira.getProjectStatuses(projectIdOrKey),
  ]);
  return {
    resolutions,
    statuses: (statuses ?? []).map(({ id, name, category }) => ({
      id,
      name,
      ...(category !== undefined && { category }),
    })),
  };
}
