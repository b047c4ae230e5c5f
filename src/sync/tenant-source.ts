/**
 * The alert source a tenant is configured with, signed in: the MCAS API with its API token or an
 * Entra token, or Microsoft Graph with an Entra token. One Entra token serves the whole run: it
 * lives an hour, a run at most 15 minutes.
 */
import type { EntraTokenProvider } from '../clients/entra';
import { createGraphAlertsClient } from '../clients/graph';
import { createMcasClient } from '../clients/mcas';
import type { RetryPolicy } from '../clients/retry';
import type { AlertFilters, Tenant } from '../core/config';
import type { Clock, Http, Logger } from '../ports';
import type { AlertSource } from './alert-source';
import { withPageLines } from './call-tally';
import { createGraphSource } from './graph-source';
import { createMcasSource } from './mcas-source';
import { graphTokenFor, mcasAuthFor } from './tenant-auth';

export async function signedInSource(
  tenant: Tenant,
  secret: string,
  filters: Pick<AlertFilters, 'minSeverity' | 'resolutionStatuses'>,
  deps: TenantClientDeps,
): Promise<AlertSource> {
  const clientDeps = clientDepsOf(deps);
  if (tenant.source === 'graph') {
    const graph = createGraphSource({
      client: createGraphAlertsClient(clientDeps),
      connection: {
        tenantId: tenant.id,
        tenantName: tenant.name,
        baseUrl: tenant.url,
        accessToken: await graphTokenFor(tenant, secret, deps.entra),
      },
      filters,
      clock: deps.clock,
    });
    return withPageLines(graph, deps.logger, tenant.id);
  }
  const mcas = createMcasSource({
    client: createMcasClient(clientDeps),
    connection: {
      tenantId: tenant.id,
      tenantName: tenant.name,
      baseUrl: tenant.url,
      auth: await mcasAuthFor(tenant, secret, deps.entra),
    },
    filters,
    clock: deps.clock,
  });
  // The worker's one log line per page (its logger sums the calls; see call-tally.ts).
  return withPageLines(mcas, deps.logger, tenant.id);
}

/** The ports a tenant's signed-in MCAS or Graph client is built from, to read or to write. */
export interface TenantClientDeps {
  http: Http;
  clock: Clock;
  logger: Logger;
  entra: EntraTokenProvider;
  random?: (() => number) | undefined;
  policy?: RetryPolicy;
}

/** What the MCAS and Graph clients take from a run's ports (the optional parts only when set). */
export function clientDepsOf(deps: Omit<TenantClientDeps, 'entra'>) {
  return {
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.random !== undefined ? { random: deps.random } : {}),
    ...(deps.policy !== undefined ? { policy: deps.policy } : {}),
  };
}
