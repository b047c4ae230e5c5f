/**
 * What one tenant sync carries from step to step: its ports, the project and tenant, the Jira
 * target and client, the IP enricher, the claim ledger, the run summary being filled in, and the
 * observer that prints one block per alert in the CLI.
 */
import type { TenantRef } from '../core/storage-keys';
import type { JiraClient } from '../clients/jira';
import type { JiraTarget, ProjectConfig, Tenant } from '../core/config';
import type { Alert, IpFinding, RunSummary } from '../core/model';
import type { Clock, Http, JiraTransport, Logger, Store } from '../ports';
import type { ClaimLedger } from './claim-ledger';
import type { IpEnricher, LookupMemo } from './ip-enricher';
import type { ResolvedTarget } from './jira-target';
import type { WriteBehind } from './write-behind';

export interface SyncDeps {
  store: Store;
  http: Http;
  jira: JiraTransport;
  clock: Clock;
  logger: Logger;
  random?: (() => number) | undefined;
  abuseIpdbBaseUrl?: string | undefined;
  /** The sandbox serves MCAS and Graph on 127.0.0.1; real tenants must use the real hosts. */
  allowLoopbackMcas?: boolean | undefined;
  /** Where Entra apps get their tokens; default login.microsoftonline.com (the sandbox's simulator). */
  entraLoginBaseUrl?: string | undefined;
  /** AbuseIPDB look-ups shared by the tenant syncs of one project run in one process. */
  lookupMemo?: LookupMemo | undefined;
  /**
   * The project's Jira target when the caller resolves it for the tenant syncs it runs side by
   * side in one process (the CLI); undefined, or resolving to undefined, and the run reads the
   * cache or resolves it itself.
   */
  knownTarget?: Promise<ResolvedTarget | undefined> | undefined;
}

/** What happened to one alert, for the CLI's per-alert output. */
export interface AlertReport {
  tenantName: string;
  alert: Alert;
  findings: IpFinding[];
  outcome:
    'created' | 'grouped' | 'duplicate' | 'suppressed' | 'rejected' | 'failed' | 'in-progress';
  issueKey?: string;
  message?: string;
}

export interface SyncObserver {
  onAlert?(report: AlertReport): void;
}

export interface RunContext {
  deps: SyncDeps;
  project: ProjectConfig;
  tenant: Tenant;
  /** Where everything this tenant owns is stored. */
  ref: TenantRef;
  target: JiraTarget;
  jira: JiraClient;
  enricher: IpEnricher;
  ledger: ClaimLedger;
  /** The enricher's cache writes, kept back to join the next batch write. */
  cacheWrites: WriteBehind;
  summary: RunSummary;
  observer?: SyncObserver | undefined;
  recent: Array<{ alert: Alert; findings: IpFinding[] }>;
}

/** An alert this run owns and will ask Jira to create, with the attempts made before. */
export interface Candidate {
  alert: Alert;
  attempts: number;
  /** Refused before: it may be in the failed-alert index, left when it gets its outcome. */
  listed?: boolean;
  /** Taken over from a run that died (a stale claim): part of its work may be done already. */
  recovering?: boolean;
}
