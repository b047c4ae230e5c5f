/**
 * The write-back's scope for one tenant outside a sync run (Jira's issue event, the settings
 * page's test): the Jira client and a Defender writer that signs in on first use.
 */
import { createEntraTokenProvider } from '../clients/entra';
import { createJiraClient } from '../clients/jira';
import type { RetryPolicy } from '../clients/retry';
import type { ProjectConfig, Tenant } from '../core/config';
import { isTenantApiUrl } from '../core/config';
import type { TenantRef } from '../core/storage-keys';
import type { AlertWriter } from './alert-writer';
import { signedInWriter } from './alert-writer';
import { ConfigurationError } from '../core/errors';
import { getTenantToken } from './repository';
import type { SyncDeps } from './run-context';
import { secretName } from './tenant-auth';
import type { WriteBackScope } from './write-back';

/** A writer for the tenant, signed in once however often it is asked for. */
export function lazyWriter(
  tenant: Tenant,
  ref: TenantRef,
  deps: SyncDeps,
  policy: RetryPolicy | undefined,
): () => Promise<AlertWriter> {
  let writer: Promise<AlertWriter> | undefined;
  return () => {
    writer ??= (async () => {
      if (!isTenantApiUrl(tenant.source, tenant.url, { allowLoopback: deps.allowLoopbackMcas }))
        throw new ConfigurationError(
          `Tenant "${tenant.name}" has an API URL the app does not call.`,
        );
      const secret = await getTenantToken(deps.store, ref);
      if (!secret)
        throw new ConfigurationError(
          `Tenant "${tenant.name}" has no ${secretName(tenant.authMode)}. Add one in the project settings.`,
        );
      const base = {
        http: deps.http,
        clock: deps.clock,
        logger: deps.logger,
        ...(deps.random !== undefined ? { random: deps.random } : {}),
        ...(policy !== undefined ? { policy } : {}),
      };
      return signedInWriter(tenant, secret, {
        ...base,
        entra: createEntraTokenProvider({ ...base, loginBaseUrl: deps.entraLoginBaseUrl }),
      });
    })();
    return writer;
  };
}

export function writeBackScope(
  project: ProjectConfig,
  tenant: Tenant,
  deps: SyncDeps,
  policy?: RetryPolicy,
): WriteBackScope {
  return {
    store: deps.store,
    jira: createJiraClient({
      transport: deps.jira,
      clock: deps.clock,
      logger: deps.logger,
      random: deps.random,
      ...(policy !== undefined ? { policy } : {}),
    }),
    clock: deps.clock,
    logger: deps.logger,
    project,
    tenant,
    writer: lazyWriter(tenant, { projectId: project.projectId, tenantId: tenant.id }, deps, policy),
  };
}
