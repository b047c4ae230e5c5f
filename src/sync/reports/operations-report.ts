/**
 * Operational health for the Runs tab: the stored run summaries, added up per day and tenant by
 * the pure core (`core/reports/operations.ts`), the same report engine as the project page.
 * Reads only the run history (at most 50 runs, one KVS query page), never Jira.
 */
import type { ProjectId } from '../../core/config';
import {
  ABUSEIPDB_FREE_DAILY_LIMIT,
  createdOnDayJql,
  operationsByDay,
} from '../../core/reports/operations';
import type { OperationsView } from '../../contract/reports';
import type { Clock, Store } from '../../ports';
import { listRuns } from '../repository';

export async function operationsReport(
  deps: { store: Store; clock: Clock },
  project: { projectId: ProjectId; projectKey: string },
  days: number,
): Promise<OperationsView> {
  const asOf = deps.clock.now();
  const runs = await listRuns(deps.store, project.projectId);
  const oldest = runs.reduce<number | null>(
    (min, run) => (min === null || run.startedAt < min ? run.startedAt : min),
    null,
  );
  return {
    days: operationsByDay(runs, { days, now: asOf }).map((day) => ({
      ...day,
      createdJql: createdOnDayJql(project.projectKey, day.day),
      tenants: day.tenants.map((tenant) => ({
        ...tenant,
        createdJql: createdOnDayJql(project.projectKey, day.day, tenant.tenantId),
      })),
    })),
    dailyLimit: ABUSEIPDB_FREE_DAILY_LIMIT,
    historyFrom: oldest,
    asOf,
  };
}
