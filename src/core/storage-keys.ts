/**
 * Every storage key the app writes, built in one place. Forge KVS keys allow
 * `[a-zA-Z0-9:._\s-#]` up to 500 characters, so each part is checked before it becomes a key.
 */
const SAFE_PART = /^[A-Za-z0-9._-]{1,200}$/;

function part(value: string, what: string): string {
  if (!SAFE_PART.test(value))
    throw new Error(`Invalid ${what} for a storage key: ${JSON.stringify(value)}`);
  return value;
}

/** IPv6 addresses contain ':' which is the key separator: store them with '-' instead. */
function ipPart(ip: string): string {
  return part(ip.replace(/:/g, '-'), 'IP address');
}

export const keys = {
  project: (projectKey: string) => `project:${part(projectKey, 'project key')}`,
  projectPrefix: () => 'project:',
  tenant: (projectKey: string, tenantId: string) =>
    `tenant:${part(projectKey, 'project key')}:${part(tenantId, 'tenant id')}`,
  tenantPrefix: (projectKey: string) => `tenant:${part(projectKey, 'project key')}:`,
  tenantSecret: (tenantId: string) => `secret:tenant:${part(tenantId, 'tenant id')}`,
  /** Written create-if-absent when a tenant is added: two admins cannot take one id at once. */
  tenantIdReservation: (tenantId: string) => `tenant-id:${part(tenantId, 'tenant id')}`,
  abuseIpdbSecret: (projectKey: string) => `secret:abuseipdb:${part(projectKey, 'project key')}`,
  checkpoint: (tenantId: string) => `checkpoint:${part(tenantId, 'tenant id')}`,
  alert: (tenantId: string, alertId: string) =>
    `alert:${part(tenantId, 'tenant id')}:${part(alertId, 'alert id')}`,
  alertPrefix: (tenantId: string) => `alert:${part(tenantId, 'tenant id')}:`,
  /** Verdicts still owed to an issue because the quota or an outage stopped the look-up. */
  pendingVerdicts: (tenantId: string, alertId: string) =>
    `pending:${part(tenantId, 'tenant id')}:${part(alertId, 'alert id')}`,
  pendingPrefix: (tenantId: string) => `pending:${part(tenantId, 'tenant id')}:`,
  ipVerdict: (ip: string) => `ip:${ipPart(ip)}`,
  /** Run ids sort by time: `run:<projectKey>:<ISO time>-<tenant>`. */
  run: (projectKey: string, isoTime: string, tenantId: string) =>
    `run:${part(projectKey, 'project key')}:${part(isoTime.replace(/:/g, '.'), 'time')}-${part(tenantId, 'tenant id')}`,
  runPrefix: (projectKey: string) => `run:${part(projectKey, 'project key')}:`,
  /** Last time the scheduler queued a tenant: makes a duplicate trigger invocation harmless. */
  schedulerSlot: (tenantId: string, slot: string) =>
    `slot:${part(tenantId, 'tenant id')}:${part(slot, 'slot')}`,
  /** The resolved Jira target (ids, field kinds) of a project, cached between runs. */
  jiraTarget: (projectKey: string) => `target:${part(projectKey, 'project key')}`,
  /** Recent alerts kept for the rule preview. */
  recentAlerts: (projectKey: string) => `recent:${part(projectKey, 'project key')}`,
  /** A report cached for a few minutes: `report:<projectKey>:<period>-<buckets>-<threshold>`. */
  report: (projectKey: string, variant: string) =>
    `report:${part(projectKey, 'project key')}:${part(variant, 'report variant')}`,
};
