/**
 * The write-back's scope for one tenant outside a sync run (Jira's issue event, the settings
 * page's test): the Jira client and a Defender writer that signs in on first use.
 */
import { createEntraTokenProvider } from '../clients/entra';
import { CredentialError, describeError } from '../clients/errors';
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
import { checkDefenderClosed } from './defender-closed';
import type { RunContext } from './run-context';
import type { WriteBackScope } from './write-back';
import { sweepWriteBack } from './write-back';

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

/**
 * Jira → Defender (the sweep of issues the event may have missed) and Defender → Jira (hourly),
 * after the tenant's new alerts. A failure here is reported in the run and stops neither the
 * run's issues nor the next run's attempt.
 */
export async function writeBackAndCheck(
  context: RunContext,
  writer: WriteBackScope['writer'],
): Promise<void> {
  const { deps, project, tenant, jira, summary, ref } = context;
  const scope: WriteBackScope = {
    store: deps.store,
    jira,
    clock: deps.clock,
    logger: deps.logger,
    project,
    tenant,
    writer,
  };
  const counts = { closed: 0, reopened: 0, failed: 0, closedInDefender: 0 };
  summary.writeBack = counts;
  try {
    const swept = await sweepWriteBack(scope);
    counts.closed = swept.closed;
    counts.reopened = swept.reopened;
    counts.failed = swept.failed;
    summary.errors.push(...swept.errors.map((message) => ({ message })));
    const checked = await checkDefenderClosed(scope, deps.store, ref);
    counts.closedInDefender = checked.noticed;
    summary.errors.push(...checked.errors.map((message) => ({ message })));
  } catch (error) {
    summary.errors.push({
      message: `Write-back: ${error instanceof ConfigurationError || error instanceof CredentialError ? error.message : describeError(error)}`,
    });
  }
}
