/**
 * The write-back part of `npm start` (issue 16): an analyst resolves an issue in the sandbox Jira
 * and its alert is closed in the MCAS simulator, once through Jira's issue-updated event (as the
 * Forge trigger receives it) and once, for an event that never came, through the sweep of the
 * next scheduled run.
 */
import type { ProjectId } from '../../src/core/config';
import { ALERT_PROPERTY_KEY } from '../../src/core/model';
import { handleIssueUpdated, loadTenant, saveTenant } from '../../src/sync/index';
import type { SyncDeps } from '../../src/sync/index';
import type { Sandbox } from '../sim';
import { syncProject } from './project-sync';

export async function writeBackDemo(
  sandbox: Sandbox,
  deps: SyncDeps,
  projectId: ProjectId,
  tenantId: string,
  out: (text: string) => void,
): Promise<void> {
  const tenant = await loadTenant(deps.store, { projectId, tenantId });
  if (!tenant) return;
  await saveTenant(deps.store, projectId, { ...tenant, writeBack: true });
  const issues = sandbox.jira
    .issues()
    .filter(
      (issue) =>
        (issue.properties[ALERT_PROPERTY_KEY] as { tenantId?: string } | undefined)?.tenantId ===
        tenantId,
    );
  const [byEvent, bySweep] = issues;
  if (!byEvent || !bySweep) return;
  out(`\nWrite-back, turned on for tenant "${tenant.name}"\n`);

  sandbox.jira.resolveIssue(byEvent.key, 'Done', deps.clock.now());
  sandbox.jira.server.resetStats();
  sandbox.mcas.server.resetStats();
  const outcome = await handleIssueUpdated(
    {
      issue: { key: byEvent.key, fields: { project: { id: projectId } } },
      changelog: { items: [{ field: 'resolution' }, { field: 'status' }] },
      user: { displayName: 'Avery Analyst' },
    },
    deps,
  );
  out(
    `  ${byEvent.key} resolved as Done → issue event → ${outcome.kind} ` +
      `(${sandbox.jira.server.callStats().calls} Jira calls, ${sandbox.mcas.server.callStats().calls} MCAS call)\n`,
  );

  sandbox.jira.resolveIssue(bySweep.key, "Won't Do", deps.clock.now());
  out(
    `  ${bySweep.key} resolved as Won't Do, and its event never arrives → the next sync sweeps\n`,
  );
  const [run] = (await syncProject(deps, { projectId, trigger: 'cli' })).filter(
    (summary) => summary.tenantId === tenantId,
  );
  out(`  sweep: ${run?.writeBack?.closed ?? 0} alert closed\n`);
  for (const closure of sandbox.mcas.closures(tenantId)) {
    out(`  MCAS ${closure.endpoint} ${closure.alertId}: "${closure.comment ?? ''}"\n`);
  }
}
