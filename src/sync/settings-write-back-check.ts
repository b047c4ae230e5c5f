/**
 * Saving the write-back settings checks them against this project's Jira: every mapped
 * resolution must exist on the site, once, and the status an issue moves to when Defender closes its
 * alert must be one of the project's. Only what is new since the stored config is checked (at
 * most one call each), so a resolution deleted in Jira later does not block saving another tab,
 * and a project that keeps the defaults costs no call.
 */
import type { JiraClient } from '../clients/jira';
import type { ProjectConfig } from '../core/config';
import { DEFAULT_WRITE_BACK, repeatedResolutions } from '../core/write-back';

/** Field errors keyed by the path inside the config ("writeBack.closures.2.resolution"). */
export type WriteBackProblems = Record<string, string>;

function listed(items: { name: string }[]): string {
  const shown = items.slice(0, 8).map((item) => `"${item.name}"`);
  return shown.join(', ') + (items.length > shown.length ? ', …' : '');
}

export async function checkWriteBack(
  jira: JiraClient,
  config: ProjectConfig,
  stored: ProjectConfig | undefined,
): Promise<WriteBackProblems> {
  const problems: WriteBackProblems = {};
  const before = stored?.writeBack ?? DEFAULT_WRITE_BACK;
  const known = new Set(before.closures.map((entry) => entry.resolution.toLowerCase()));
  const added = config.writeBack.closures
    .map((entry, index) => ({ entry, index }))
    .filter(({ entry }) => !known.has(entry.resolution.toLowerCase()));
  const status = config.writeBack.defenderClosedStatus;
  const statusChanged = status !== undefined && status.id !== before.defenderClosedStatus?.id;

  const [resolutions, statuses] = await Promise.all([
    added.length > 0 ? jira.getResolutions() : undefined,
    statusChanged ? jira.getProjectStatuses(config.projectId) : undefined,
  ]);
  if (resolutions !== undefined) {
    const names = new Set(resolutions.map((resolution) => resolution.name.toLowerCase()));
    for (const { entry, index } of added) {
      if (!names.has(entry.resolution.toLowerCase()))
        problems[`writeBack.closures.${index}.resolution`] =
          `Jira has no resolution "${entry.resolution}" (it has ${listed(resolutions)})`;
    }
  }
  for (const index of repeatedResolutions(config.writeBack.closures)) {
    problems[`writeBack.closures.${String(index)}.resolution`] =
      `"${config.writeBack.closures[index]?.resolution ?? ''}" is mapped twice`;
  }
  if (statusChanged && !(statuses ?? []).some((candidate) => candidate.id === status.id)) {
    problems['writeBack.defenderClosedStatus'] =
      `"${status.name}" is not a status of this project's workflows`;
  }
  return problems;
}
