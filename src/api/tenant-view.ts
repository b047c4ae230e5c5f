/**
 * A tenant as the settings page shows it: the api layer maps the domain's tenant, its secret's
 * hint and its latest run to the contract's `TenantView` (moved from sync/settings-tenants.ts).
 */
import type { ProjectId, Tenant } from '../core/config';
import type { RunSummary } from '../core/model';
import type { TenantView } from '../contract/settings';
import type { Store } from '../ports';
import { getTenantToken, secretHint } from '../sync/repository';

/** A tenant as the page shows it, with its secret's hint and latest run. */
export async function tenantView(
  store: Store,
  projectId: ProjectId,
  tenant: Tenant,
  latestRun?: RunSummary,
): Promise<TenantView> {
  const lastError =
    latestRun && latestRun.status !== 'ok' ? latestRun.errors[0]?.message : undefined;
  return {
    id: tenant.id,
    name: tenant.name,
    source: tenant.source,
    url: tenant.url,
    authMode: tenant.authMode,
    ...(tenant.entraTenantId !== undefined ? { entraTenantId: tenant.entraTenantId } : {}),
    ...(tenant.clientId !== undefined ? { clientId: tenant.clientId } : {}),
    enabled: tenant.enabled,
    writeBack: tenant.writeBack,
    token: secretHint(await getTenantToken(store, { projectId, tenantId: tenant.id })),
    ...(latestRun
      ? {
          lastRun: {
            runId: latestRun.runId,
            startedAt: latestRun.startedAt,
            finishedAt: latestRun.finishedAt,
            status: latestRun.status,
            fetched: latestRun.fetched,
            created: latestRun.created,
            failed: latestRun.failed,
          },
        }
      : {}),
    ...(lastError !== undefined ? { lastError } : {}),
  };
}
