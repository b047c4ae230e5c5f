/**
 * A tenant's MCAS credentials as the MCAS client sends them: its API token as it is, or, for an
 * Entra app, an access token obtained with the stored client secret.
 */
import type { EntraTokenProvider } from '../clients/entra';
import type { McasAuth } from '../clients/mcas';
import type { Tenant } from '../core/config';
import { ConfigurationError } from './jira-target';

/** What the tenant's stored secret is, in the words of the settings page. */
export function secretName(authMode: Tenant['authMode']): string {
  return authMode === 'entra' ? 'client secret' : 'API token';
}

export async function mcasAuthFor(
  tenant: Pick<Tenant, 'name' | 'authMode' | 'entraTenantId' | 'clientId'>,
  secret: string,
  entra: EntraTokenProvider,
): Promise<McasAuth> {
  if (tenant.authMode === 'token') return { kind: 'token', token: secret };
  if (tenant.entraTenantId === undefined || tenant.clientId === undefined) {
    throw new ConfigurationError(
      `Tenant "${tenant.name}" uses an Entra app without its Directory (tenant) ID or ` +
        'Application (client) ID. Add them in the project settings.',
    );
  }
  const token = await entra.getToken({
    entraTenantId: tenant.entraTenantId,
    clientId: tenant.clientId,
    clientSecret: secret,
    tenantName: tenant.name,
  });
  return { kind: 'bearer', token };
}
