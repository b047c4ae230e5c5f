/** Where a tenant's alerts are read, as the settings page names and fills it. */
import type { TenantSource } from '../../../../src/contract/domain';
import { GRAPH_BASE_URL, isMcasApiUrl } from '../../../../src/contract/domain';

export const TENANT_SOURCES: Array<{ value: TenantSource; label: string }> = [
  { value: 'mcas', label: 'Defender for Cloud Apps API' },
  { value: 'graph', label: 'Microsoft Graph security API' },
];

/** The short name the tenants table shows next to the URL. */
export function sourceName(source: TenantSource): string {
  return source === 'graph' ? 'Microsoft Graph' : 'MCAS API';
}

/**
 * The URL field's value once Graph is chosen: Graph's own when the field was empty or held an
 * MCAS URL (which Graph refuses), else what the admin typed, such as the sandbox's Graph
 * simulator.
 */
export function graphUrlAfterSwitch(url: string, allowLoopback: boolean): string {
  const typed = url.trim();
  return typed === '' || isMcasApiUrl(typed, { allowLoopback }) ? GRAPH_BASE_URL : url;
}
