/**
 * Every storage key the app writes, built in one place. Forge KVS keys allow
 * `[a-zA-Z0-9:._\s-#]` up to 500 characters, so each part is checked before it becomes a key.
 */
import type { ProjectId } from './config';

/** A key part: ids that become key parts (alert ids, core/alert-id.ts) are held to it. */
export const KEY_PART_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;

function part(value: string, what: string): string {
  if (!KEY_PART_PATTERN.test(value))
    throw new Error(`Invalid ${what} for a storage key: ${JSON.stringify(value)}`);
  return value;
}

/** IPv6 addresses contain ':' which is the key separator: store them with '-' instead. */
function ipPart(ip: string): string {
  return part(ip.replace(/:/g, '-'), 'IP address');
}

/**
 * A tenant as the app knows it: its id is chosen by a project admin and is unique only within its
 * project, so every key a tenant owns is scoped by the project too. Two projects can each have a
 * tenant "contoso" and never see each other's claims, secrets or history.
 */
export interface TenantRef {
  projectId: ProjectId;
  tenantId: string;
}

const projectPart = (projectId: ProjectId) => part(projectId, 'project id');
const tenantParts = (ref: TenantRef) =>
  `${projectPart(ref.projectId)}:${part(ref.tenantId, 'tenant id')}`;

export const keys = {
  project: (projectId: ProjectId) => `project:${projectPart(projectId)}`,
  projectPrefix: () => 'project:',
  tenant: (ref: TenantRef) => `tenant:${tenantParts(ref)}`,
  tenantPrefix: (projectId: ProjectId) => `tenant:${projectPart(projectId)}:`,
  tenantSecret: (ref: TenantRef) => `secret:tenant:${tenantParts(ref)}`,
  /** Written create-if-absent when a tenant is added: two admins cannot take one id at once. */
  tenantIdReservation: (ref: TenantRef) => `tenant-id:${tenantParts(ref)}`,
  /**
   * Written create-if-absent when a tenant takes a Defender tenant (`core/defender-tenant.ts`,
   * by its digest): two admins adding the same one at the same instant cannot both succeed.
   */
  defenderTenantReservation: (projectId: ProjectId, digest: string) =>
    `defender:${projectPart(projectId)}:${part(digest, 'Defender tenant digest')}`,
  abuseIpdbSecret: (projectId: ProjectId) => `secret:abuseipdb:${projectPart(projectId)}`,
  checkpoint: (ref: TenantRef) => `checkpoint:${tenantParts(ref)}`,
  alert: (ref: TenantRef, alertId: string) =>
    `alert:${tenantParts(ref)}:${part(alertId, 'alert id')}`,
  alertPrefix: (ref: TenantRef) => `alert:${tenantParts(ref)}:`,
  /**
   * The failed-alert index: a copy of the claim of every alert Jira refused (from the first
   * refusal) that has no issue yet, so the settings page lists them without reading every claim.
   */
  failedAlert: (ref: TenantRef, alertId: string) =>
    `failed:${tenantParts(ref)}:${part(alertId, 'alert id')}`,
  failedAlertPrefix: (ref: TenantRef) => `failed:${tenantParts(ref)}:`,
  /**
   * Who dismissed a failed alert (`Dismissal`, core/personal-data.ts): the account ids held in
   * dismissed claims, listable per project for the weekly personal-data report without reading
   * every claim. Written before the claim, with the claim's TTL.
   */
  dismissal: (ref: TenantRef, alertId: string) =>
    `dismissal:${tenantParts(ref)}:${part(alertId, 'alert id')}`,
  dismissalPrefix: (projectId: ProjectId) => `dismissal:${projectPart(projectId)}:`,
  /** Verdicts still owed to an issue because the quota or an outage stopped the look-up. */
  pendingVerdicts: (ref: TenantRef, alertId: string) =>
    `pending:${tenantParts(ref)}:${part(alertId, 'alert id')}`,
  pendingPrefix: (ref: TenantRef) => `pending:${tenantParts(ref)}:`,
  /**
   * The project-wide index of owed issues (`OwedIndex`, sync/owed-index.ts): one entry per batch
   * of issues created owing verdicts, named by the batch's first alert. The drain reads them all
   * by the project's prefix, so one answer fills every tenant's issues with that address.
   */
  owedIndex: (ref: TenantRef, firstAlertId: string) =>
    `owed:${tenantParts(ref)}:${part(firstAlertId, 'alert id')}`,
  owedIndexPrefix: (projectId: ProjectId) => `owed:${projectPart(projectId)}:`,
  owedIndexTenantPrefix: (ref: TenantRef) => `owed:${tenantParts(ref)}:`,
  /**
   * An AbuseIPDB answer the drain learnt for an address that issues of the project still wait
   * on, kept (TTL) beyond the shared cache's hours so that it is never asked twice.
   */
  owedAnswer: (projectId: ProjectId, ip: string) =>
    `answer:${projectPart(projectId)}:${ipPart(ip)}`,
  owedAnswerPrefix: (projectId: ProjectId) => `answer:${projectPart(projectId)}:`,
  /** Taken create-if-absent by the one drain pass of a project in a slot (core/owed-drain.ts). */
  drainSlot: (projectId: ProjectId, slotId: string) =>
    `drain:${projectPart(projectId)}:${part(slotId, 'drain slot')}`,
  /** Set (TTL 15 min) when a drain pass left answered issues unfilled: the next slot drains too. */
  drainBacklog: (projectId: ProjectId) => `drain:${projectPart(projectId)}:backlog`,
  /** AbuseIPDB answers are public facts about an address, shared by every project. */
  ipVerdict: (ip: string) => `ip:${ipPart(ip)}`,
  /** Until when the project's AbuseIPDB quota is spent (`QuotaExhaustion`), TTL to that time. */
  abuseIpdbQuota: (projectId: ProjectId) => `quota:abuseipdb:${projectPart(projectId)}`,
  /** Run ids sort by time: `run:<projectId>:<ISO time>-<tenant>`. */
  run: (projectId: ProjectId, isoTime: string, tenantId: string) =>
    `run:${projectPart(projectId)}:${part(isoTime.replace(/:/g, '.'), 'time')}-${part(tenantId, 'tenant id')}`,
  runPrefix: (projectId: ProjectId) => `run:${projectPart(projectId)}:`,
  /** Last time the scheduler queued a tenant: makes a duplicate trigger invocation harmless. */
  schedulerSlot: (ref: TenantRef, slot: string) => `slot:${tenantParts(ref)}:${part(slot, 'slot')}`,
  schedulerSlotPrefix: (ref: TenantRef) => `slot:${tenantParts(ref)}:`,
  /**
   * Until when a tenant's chain of follow-up events is still running (`SyncChain`,
   * sync/sync-chain.ts): the scheduler queues no second chain beside it. Under the slot prefix,
   * so it goes with the tenant's scheduler state.
   */
  syncChain: (ref: TenantRef) => `slot:${tenantParts(ref)}:chain`,
  /** The resolved Jira target (ids, field kinds) of a project, cached between runs. */
  jiraTarget: (projectId: ProjectId) => `target:${projectPart(projectId)}`,
  /** Recent alerts kept for the rule preview. */
  recentAlerts: (ref: TenantRef) => `recent:${tenantParts(ref)}`,
  recentAlertsPrefix: (projectId: ProjectId) => `recent:${projectPart(projectId)}:`,
  /** Before each tenant kept its own list, the project had one (`recent:<project>`, TTL 30 days). */
  legacyRecentAlerts: (projectId: ProjectId) => `recent:${projectPart(projectId)}`,
  /**
   * The app's own record of an issue it created (its alert and the addresses the sync looked up):
   * what the panel's "Re-check" trusts, since issue properties can be edited by issue editors.
   */
  issueRecord: (projectId: ProjectId, issueKey: string) =>
    `issue:${projectPart(projectId)}:${part(issueKey, 'issue key')}`,
  issueRecordPrefix: (projectId: ProjectId) => `issue:${projectPart(projectId)}:`,
  /** Set with a TTL after a panel look-up on an issue: the next waits until it expires. */
  panelCooldown: (projectId: ProjectId, issueKey: string) =>
    `cooldown:${projectPart(projectId)}:${part(issueKey, 'issue key')}`,
  panelCooldownPrefix: (projectId: ProjectId) => `cooldown:${projectPart(projectId)}:`,
  /** The account ids the app reported to Atlassian's personal-data API for a project. */
  reportedAccounts: (projectId: ProjectId) => `accounts:${projectPart(projectId)}`,
  /**
   * "Group repeats": the open issue a group of alerts joins (`RepeatGroup`, sync/group-repeats.ts).
   * The group is a tenant plus a digest of the alert title and users (or Defender incident).
   */
  repeatGroup: (ref: TenantRef, digest: string) =>
    `group:${tenantParts(ref)}:${part(digest, 'group digest')}`,
  /**
   * Taken create-if-absent by the alert that creates generation `generation` of a group's issue:
   * two runs can never both create one.
   */
  repeatGroupLock: (ref: TenantRef, digest: string, generation: number) =>
    `group:${tenantParts(ref)}:${part(digest, 'group digest')}.g${generation}`,
  /** When the Defender → Jira status check last ran for a tenant (issue 16), Unix ms. */
  defenderCheck: (ref: TenantRef) => `defender-check:${tenantParts(ref)}`,
  /** A report cached for a few minutes: `report:<projectId>:<period>-<buckets>-<threshold>`. */
  report: (projectId: ProjectId, variant: string) =>
    `report:${projectPart(projectId)}:${part(variant, 'report variant')}`,
};

/**
 * Every prefix under which a project's own entries live (its tenants' too), for removing all of
 * a project's data. The singletons (config, Jira target, recent alerts, AbuseIPDB key) and the
 * tenants' secrets are not prefix-listable on Forge (secrets are not queryable) and are deleted
 * by key.
 */
export function projectPrefixes(projectId: ProjectId): string[] {
  const id = projectPart(projectId);
  return [
    'tenant',
    'tenant-id',
    'checkpoint',
    'alert',
    'failed',
    'dismissal',
    'pending',
    'owed',
    'answer',
    'drain',
    'run',
    'slot',
    'issue',
    'cooldown',
    'report',
    'group',
    'recent',
    'defender',
    'defender-check',
  ].map((kind) => `${kind}:${id}:`);
}
