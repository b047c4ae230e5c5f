/**
 * Which Defender for Cloud Apps tenant an app tenant reads. Two app tenants of one project that
 * read the same Defender tenant would each claim its alerts under their own id and create every
 * issue twice, so a project may hold one app tenant per Defender tenant (the settings page and
 * the CLI config refuse a second one).
 *
 * - MCAS API: the tenant is its API host (`contoso.eu2.portal.cloudappsecurity.com`), whatever
 *   the sign-in (an API token or an Entra app reach the same alerts).
 * - Microsoft Graph: Graph is one host for everyone; the tenant is the Entra directory the app is
 *   registered in (its GUID or a verified domain, compared case-insensitively).
 */
import type { Tenant } from './config';
import { isMcasPortalHost } from './hosts';

export type TenantIdentityInput = Pick<Tenant, 'source' | 'url'> & {
  entraTenantId?: string | undefined;
};

/** `mcas:<host>` or `graph:<directory>`; undefined when the input does not name one yet. */
export function defenderTenantOf(tenant: TenantIdentityInput): string | undefined {
  if (tenant.source === 'graph') {
    const directory = tenant.entraTenantId?.trim().toLowerCase();
    return directory ? `graph:${directory}` : undefined;
  }
  const where = mcasLocation(tenant.url);
  return where === undefined ? undefined : `mcas:${where}`;
}

/**
 * A real MCAS tenant is its host: a path or trailing slash does not make another tenant. The
 * sandbox's simulator (a loopback host) serves each tenant under its own path, so there the path
 * counts too.
 */
function mcasLocation(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.host.toLowerCase();
  if (isMcasPortalHost(parsed.hostname)) return host;
  return `${host}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** In words, for the message that names what is duplicated. */
export function describeDefenderTenant(tenant: TenantIdentityInput): string {
  return tenant.source === 'graph'
    ? `the Entra directory ${tenant.entraTenantId?.trim() ?? ''} through Microsoft Graph`
    : `the MCAS API at ${mcasLocation(tenant.url) ?? 'this URL'}`;
}

/**
 * The tenant among `others` (one project's tenants) that reads the same Defender tenant as
 * `candidate`, if any. `exceptId`: the tenant being edited, which may keep its own identity.
 */
export function findSameDefenderTenant<T extends TenantIdentityInput & { id: string }>(
  candidate: TenantIdentityInput,
  others: readonly T[],
  exceptId?: string,
): T | undefined {
  const identity = defenderTenantOf(candidate);
  if (identity === undefined) return undefined;
  return others.find((other) => other.id !== exceptId && defenderTenantOf(other) === identity);
}

/** "… is already read by tenant "Contoso EU" (contoso-eu) of this project." */
export function sameDefenderTenantMessage(
  candidate: TenantIdentityInput,
  existing: { id: string; name: string },
): string {
  return `${capitalise(describeDefenderTenant(candidate))} is already read by tenant "${existing.name}" (${existing.id}) of this project. A second tenant for it would create every alert's issue twice: edit that tenant instead.`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
