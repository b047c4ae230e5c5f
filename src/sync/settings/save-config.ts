/**
 * Saving the project's settings: the config as the page sent it, checked against this project's
 * Jira (the triage rules name priorities, users and tenants that must exist; the write-back
 * settings name resolutions and a status) before it is stored.
 */
import type { z } from 'zod';
import { ProjectConfig } from '../../core/config';
import type { ProjectId } from '../../core/config';
import { ValidationError } from '../../core/errors';
import { listTenants, loadProject, saveProject } from '../repository';
import { checkRules } from '../settings-rules-check';
import { checkWriteBack } from '../settings-write-back-check';
import type { ResolverDeps } from '../resolver-deps';
import { appJira } from '../resolver-deps';

/** The config as the page sends it: everything but what the server owns. */
export type ProjectConfigDraft = Omit<
  z.input<typeof ProjectConfig>,
  'projectId' | 'projectKey' | 'inTrash'
>;

export async function saveConfig(
  deps: ResolverDeps,
  { projectId, projectKey }: { projectId: ProjectId; projectKey: string },
  config: ProjectConfigDraft,
): Promise<ProjectConfig> {
  const [stored, tenants] = await Promise.all([
    loadProject(deps.store, projectId),
    listTenants(deps.store, projectId),
  ]);
  // Whether Jira has the project in its trash is Jira's to say (project events), not the page's.
  const saved = ProjectConfig.parse({
    ...config,
    projectId,
    projectKey,
    inTrash: stored?.inTrash ?? false,
  });
  const jira = appJira(deps);
  const [ruleProblems, writeBackProblems] = await Promise.all([
    checkRules(
      jira,
      saved,
      stored,
      tenants.map((tenant) => tenant.id),
    ),
    checkWriteBack(jira, saved, stored),
  ]);
  const problems = { ...ruleProblems, ...writeBackProblems };
  if (Object.keys(problems).length > 0) {
    const messages = [
      ...(Object.keys(ruleProblems).length > 0
        ? [
            'Some triage rules name things this project or Jira does not have. Fix them in the Triage rules tab.',
          ]
        : []),
      ...(Object.keys(writeBackProblems).length > 0
        ? [
            'Some write-back settings name things this project or Jira does not have. Fix them in the Write-back tab.',
          ]
        : []),
    ];
    throw new ValidationError(
      messages.join(' '),
      Object.fromEntries(
        Object.entries(problems).map(([path, message]) => [`config.${path}`, message]),
      ),
    );
  }
  await saveProject(deps.store, saved);
  return saved;
}
