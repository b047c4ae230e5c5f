/**
 * A tenant's credentials as its alert source wants them: for the MCAS API the API token as it is
 * or an Entra access token for MCAS; for Microsoft Graph an Entra access token for Graph. The
 * stored secret (API token or client secret) never leaves the backend.
 */
import type { EntraTokenProvider } from '../clients/entra';
import { GRAPH_ENTRA_SCOPE, MCAS_ENTRA_SCOPE } from '../clients/entra';
import type { McasAuth } from '../clients/mcas';
import type { Tenant } from '../core/config';
import { graphNeedsEntra } from '../core/config';
import { ConfigurationError } from '../core/errors';

type TenantCredentials = Pick<Tenant, 'name' | 'authMode' | 'entraTenantId' | 'clientId'>;

/** What the tenant's stored secret is, in the words of the settings page. */
export function secretName(authMode: Tenant['authMode']): string {
  return authMode === 'entra' ? 'client secret' : 'API token';
}

export async function mcasAuthFor(
  tenant: TenantCredentials,
  secret: string,
  entra: EntraTokenProvider,
): Promise<McasAuth> {
  if (tenant.authMode === 'token') return { kind: 'token', token: secret };
  return { kind: 'bearer', token: await entraToken(tenant, secret, entra, MCAS_ENTRA_SCOPE) };
}

/** Graph takes nothing but an Entra app's token (the tenant schema insists on Entra mode). */
export async function graphTokenFor(
  tenant: TenantCredentials,
  secret: string,
  entra: EntraTokenProvider,
): Promise<string> {
  if (graphNeedsEntra('graph', tenant.authMode)) {
    throw new ConfigurationError(
      `Tenant "${tenant.name}" reads alerts through Microsoft Graph, which needs an Entra app. ` +
        'Choose "Entra app" in the tenant settings.',
    );
  }
  return entraToken(tenant, secret, entra, GRAPH_ENTRA_SCOPE);
}

async function entraToken(
  tenant: TenantCredentials,
  secret: string,
  entra: EntraTokenProvider,
  scope: string,
): Promise<string> {
  if (tenant.entraTenantId === undefined || tenant.clientId === undefined) {
    throw new ConfigurationError(
      `Tenant "${tenant.name}" uses an Entra app without its Directory (tenant) ID or ` +
        'Application (client) ID. Add them in the project settings.',
    );
  }
  return entra.getToken({
    entraTenantId: tenant.entraTenantId,
    clientId: tenant.clientId,
    clientSecret: secret,
    tenantName: tenant.name,
    scope,
  });
}
