/**
 * One tenant's sync: checkpoint → pages of alerts → skip the seen → claim the new → enrich their
 * public IPs → triage rules → bulk create → record alert → issue → advance the checkpoint → with
 * what is left, the project's owed verdicts (`owed-drain.ts`, one run a slot) → run summary. It runs the same in the Forge worker, the CLI and the tests; only the ports differ.
 *
 * Each step has its module: `run-reads.ts` reads what a run starts from in one round trip,
 * `fetch-since-checkpoint.ts` pages and moves the checkpoint, `claim-page.ts` skips the seen and
 * claims the new through the claim
 * ledger (`claim-ledger.ts`, every claim transition), `reconcile-claims.ts` settles stale claims
 * by search, `create-and-record.ts` enriches, triages, bulk-creates and records the outcomes in
 * batches, `run-batch.ts` knows what the checkpoint may pass, `retry-failed-alerts.ts` serves an
 * admin's retry, `write-pacing.ts` keeps the run within its share of Forge's KVS writes, and
 * `write-back-scope.ts` closes in Defender what was resolved in Jira (tenants that allow it).
 *
 * The four invariants of docs/architecture.md hold here:
 * 1. exactly one issue per alert — a create-if-absent claim comes before any create, and a claim
 *    whose outcome is unknown (a crash between create and record) is reconciled by searching the
 *    indexed `mcas.alert` property before anything is created again;
 * 2. no alert is lost — the checkpoint moves only past settled alerts (core/checkpoint.ts);
 * 3. one bad alert, IP or field never stops the rest — each is reported and the run goes on;
 * 4. calls stay near the floor — pages of 100, one AbuseIPDB call per new public IP, bulk creates.
 */
import { createAbuseIpdbClient } from '../clients/abuseipdb';
import type { AbuseIpdbClient } from '../clients/abuseipdb';
import { createEntraTokenProvider } from '../clients/entra';
import { CredentialError, RateLimitError, describeError } from '../clients/errors';
import type { RetryPolicy } from '../clients/retry';
import { createJiraClient } from '../clients/jira';
import type { TenantRef } from '../core/storage-keys';
import type { ProjectConfig } from '../core/config';
import { isTenantApiUrl } from '../core/config';
import type { RunSummary } from '../core/model';
import { newRunSummary } from '../core/model';
import { withoutIssue } from '../core/run-counts';
import { StoreUnavailableError } from '../ports';
import { STALE_CLAIM_MS, createClaimLedger } from './claim-ledger';
import { createIpEnricher } from './ip-enricher';
import { ConfigurationError } from '../core/errors';
import { getJiraTarget } from './jira-target';
import { loadQuotaMemory } from './abuseipdb-quota';
import { drainOwedVerdicts } from './owed-drain';
import type { RecentAlerts } from './recent-alerts';
import { rememberRecentAlerts } from './recent-alerts';
import { runCallFields } from './call-tally';
import { runPolicy } from './run-policy';
import { recordRun } from './repository';
import { startRunReads } from './run-reads';
import { retryFailedAlerts } from './retry-failed-alerts';
import type { RunContext, SyncDeps, SyncObserver } from './run-context';
import { secretName } from './tenant-auth';
import { signedInSource } from './tenant-source';
import { writeBehind } from './write-behind';
import { lazyWriter, writeBackAndCheck } from './write-back-scope';
import { fetchSinceCheckpoint, startPaging } from './fetch-since-checkpoint';
import { pacedStore } from './paced-store';
import type { StoragePace } from './write-pacing';
import { pacedUntil } from './write-pacing';

export { MAX_CREATE_ATTEMPTS, STALE_CLAIM_MS } from './claim-ledger';
export type { AlertReport, SyncDeps, SyncObserver } from './run-context';

export interface SyncRequest extends TenantRef {
  trigger: RunSummary['trigger'];
  /** Absolute ms: no new page is started after it; the rest continues in a follow-up. */
  deadline?: number;
  /**
   * The run's share of the installation's storage (write-pacing.ts): once its reads and writes
   * are ahead of it, no new page is started (the first always is); the rest follows.
   */
  pace?: StoragePace;
  /** Retry these failed alerts (fetched by id) instead of reading from the checkpoint. */
  alertIds?: string[];
  runId?: string;
}

export interface SyncOutcome {
  summary: RunSummary;
  /** Set when pages remain or a rate limit asks to wait: continue in a follow-up after this. */
  continueAfterSeconds?: number;
  /** Storage write requests the run made, as Forge counts them (10 KB units). */
  storageWrites: number;
  /** Storage read requests the run made, as Forge counts them (10 KB units). */
  storageReads: number;
  /** With a pace: until when the run's reads and writes are paid for (absolute ms). */
  pacedUntil?: number;
}

export async function syncTenant(
  request: SyncRequest,
  given: SyncDeps,
  observer?: SyncObserver,
): Promise<SyncOutcome> {
  const metered = pacedStore(given.store, {
    clock: given.clock,
    requestsPerSecond: request.pace?.requestsPerSecond,
  });
  const deps: SyncDeps = { ...given, store: metered.store };
  const { store, clock, logger } = deps;
  const startedAt = clock.now();
  const summary = emptySummary(request, startedAt);
  let continueAfterSeconds: number | undefined;
  const recent: RunContext['recent'] = [];
  let recentAtStart: Promise<RecentAlerts> | undefined;
  const cacheWrites = writeBehind(store);
  // Every client of the run gets the deadline: no retry or wait is started past it.
  const policy = runPolicy(request.deadline);

  try {
    const ref: TenantRef = { projectId: request.projectId, tenantId: request.tenantId };
    const reads = startRunReads(store, ref, { checkpoint: !request.alertIds, now: startedAt });
    recentAtStart = reads.recent;
    const [project, tenant, secret] = await Promise.all([
      reads.project,
      reads.tenant,
      reads.secret,
    ]);
    if (!project) throw new ConfigurationError(`Project ${request.projectId} is not configured.`);
    summary.projectKey = project.projectKey;
    if (!tenant)
      throw new ConfigurationError(
        `Tenant ${request.tenantId} is not configured in ${project.projectKey}.`,
      );
    summary.tenantName = tenant.name;
    if (!isTenantApiUrl(tenant.source, tenant.url, { allowLoopback: deps.allowLoopbackMcas })) {
      throw new ConfigurationError(
        tenant.source === 'graph'
          ? `Tenant "${tenant.name}" reads Microsoft Graph at a URL that is not https://graph.microsoft.com.`
          : `Tenant "${tenant.name}" has an API URL that is not an MCAS portal URL.`,
      );
    }
    if (!secret)
      throw new ConfigurationError(
        `Tenant "${tenant.name}" has no ${secretName(tenant.authMode)}. Add one in the project settings.`,
      );

    const jira = createJiraClient({
      transport: deps.jira,
      clock,
      logger,
      random: deps.random,
      policy,
    });
    // The Jira target (cached for an hour, else two create-screen calls) and the first page of
    // alerts are asked for side by side: neither needs the other.
    const resolving = (async () =>
      (await deps.knownTarget) ?? getJiraTarget(store, jira, project, reads.cachedTarget))();
    resolving.catch(() => undefined);
    const source = await signedInSource(tenant, secret, project.filters, {
      http: deps.http,
      clock,
      logger,
      random: deps.random,
      policy,
      entra: createEntraTokenProvider({
        http: deps.http,
        clock,
        logger,
        random: deps.random,
        loginBaseUrl: deps.entraLoginBaseUrl,
        policy,
      }),
    });
    const paging = request.alertIds
      ? undefined
      : startPaging(source, await reads.checkpoint, {
          firstRunLookbackDays: project.filters.firstRunLookbackDays,
          now: clock.now(),
          deadline: request.deadline,
        });
    const { target, warnings } = await resolving.catch(async (error: unknown) => {
      await paging?.pages.return(undefined);
      throw error;
    });
    summary.errors.push(...warnings.map((message) => ({ message })));

    const abuseIpdb = abuseIpdbFor(project, await reads.abuseIpdbKey, deps, policy);
    const enricher = createIpEnricher({
      store: cacheWrites.store,
      clock,
      logger,
      abuseIpdb,
      maxAgeInDays: project.abuseipdb.maxAgeInDays,
      cacheHours: project.abuseipdb.cacheHours,
      memo: deps.lookupMemo,
      // A spent quota is remembered until its reset: no run sends a probe before it.
      ...(abuseIpdb
        ? {
            quota: await loadQuotaMemory({
              store,
              clock,
              logger,
              projectId: project.projectId,
              preread: reads.quota,
            }),
          }
        : {}),
    });
    const context: RunContext = {
      cacheWrites,
      deps,
      project,
      tenant,
      ref,
      target,
      jira,
      enricher,
      ledger: createClaimLedger(store, ref),
      summary,
      observer,
      recent,
    };

    // What the run wrote before its pages (a drain of owed verdicts): not a page's work.
    const writesBeforePaging = metered.writes();
    // The paging's last checkpoint write goes on beside what follows it (write-back, the drain),
    // which does not depend on it; it is awaited before the summary, its failure the run's.
    let checkpointSaved = Promise.resolve();
    if (request.alertIds) await retryFailedAlerts(context, source, request.alertIds);
    else if (paging) {
      const paged = await fetchSinceCheckpoint(context, paging, () => {
        if (request.deadline !== undefined && clock.now() >= request.deadline) return true;
        // Pages run until one has written (new alerts claimed and recorded), however far ahead
        // of its pace the run is: a chain delivered early, or whose first page is only the
        // checkpoint's boundary read again, still makes progress.
        return (
          metered.writes() > writesBeforePaging &&
          request.pace !== undefined &&
          pacedUntil(request.pace, metered.writes(), metered.reads()) > clock.now()
        );
      });
      if (paged.paused) continueAfterSeconds = 1;
      checkpointSaved = paged.checkpointSaved;
    }

    try {
      if (tenant.writeBack && !request.alertIds) {
        await writeBackAndCheck(context, lazyWriter(tenant, ref, deps, policy));
      }

      // The alerts' own verdicts are counted before the drain asks for owed ones.
      summary.pendingVerdicts = enricher.counters.pendingVerdicts;
      // New alerts first; the project's owed verdicts with what is left, when no follow-up is due.
      if (continueAfterSeconds === undefined) {
        const drained = await drainOwedVerdicts({
          store,
          project,
          jira,
          target,
          enricher,
          clock,
          logger,
          errors: summary.errors,
          deadline: request.deadline,
          writes: () => metered.writes(),
        });
        summary.verdictsFilled = drained.filled;
      }
    } finally {
      await checkpointSaved;
    }

    summary.ipLookups = enricher.counters.ipLookups;
    summary.cacheHits = enricher.counters.cacheHits;
    summary.privateSkipped = enricher.counters.privateSkipped;
    summary.errors.push(...enricher.problems.map((message) => ({ message })));
  } catch (error) {
    if (error instanceof RateLimitError || error instanceof StoreUnavailableError) {
      // A rate limit (MCAS, Graph, Jira or Forge storage) or a storage outage that outlasted its
      // retries: nothing is wrong with the data, so the run continues later instead of failing.
      continueAfterSeconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
      summary.errors.push({
        message: `${error.message} The sync continues in ${continueAfterSeconds} s.`,
      });
    } else {
      summary.status = 'error';
      summary.errors.push({ message: userMessage(error) });
      if (!(error instanceof ConfigurationError || error instanceof CredentialError)) {
        logger.error('tenant sync failed', {
          tenantId: request.tenantId,
          error: describeError(error),
        });
      }
    }
  }

  const cached = cacheWrites.take();
  if (cached.length > 0) {
    await store
      .setMany(cached)
      .catch((error: unknown) =>
        logger.warn('caching IP verdicts failed', { error: describeError(error) }),
      );
  }
  summary.continued = continueAfterSeconds !== undefined;
  summary.finishedAt = clock.now();
  summary.durationMs = Math.max(0, summary.finishedAt - startedAt);
  if (summary.waiting > 0) {
    // Every claim of this run is stale STALE_CLAIM_MS after the run at the latest, and so is any
    // claim another run held when this one met it: the first run after that settles them.
    summary.waitingUntil = summary.finishedAt + STALE_CLAIM_MS;
    summary.errors.push({ message: waitingMessage(summary.waiting, summary.waitingUntil) });
  }
  if (
    summary.status !== 'error' &&
    (summary.errors.length > 0 || withoutIssue(summary) + summary.waiting > 0)
  ) {
    summary.status = 'partial';
  }
  // The rule preview's list (≈ 40 KB, four storage writes) is rewritten when the run ends its
  // chain, or when the tenant has none yet: a backlog's follow-ups, one a page, would rewrite it
  // each time only for the next to replace it.
  const recentBefore = (await recentAtStart) ?? [];
  const rememberRecent =
    recent.length > 0 && (continueAfterSeconds === undefined || recentBefore.length === 0);
  // Two independent records, written side by side.
  await Promise.all([
    recordRun(store, summary).catch((error: unknown) =>
      logger.error('recording the run failed', { error: describeError(error) }),
    ),
    rememberRecent
      ? rememberRecentAlerts(
          store,
          { projectId: request.projectId, tenantId: request.tenantId },
          recent,
          recentBefore,
        ).catch((error: unknown) =>
          logger.warn('remembering recent alerts failed', { error: describeError(error) }),
        )
      : undefined,
  ]);
  logger.info('tenant sync finished', {
    projectId: summary.projectId,
    tenantId: summary.tenantId,
    status: summary.status,
    fetched: summary.fetched,
    created: summary.created,
    grouped: summary.grouped,
    durationMs: summary.durationMs,
    ...runCallFields(logger),
  });
  const storage = {
    storageWrites: metered.writes(),
    storageReads: metered.reads(),
    ...(request.pace
      ? { pacedUntil: pacedUntil(request.pace, metered.writes(), metered.reads()) }
      : {}),
  };
  return continueAfterSeconds === undefined
    ? { summary, ...storage }
    : { summary, continueAfterSeconds, ...storage };
}

function abuseIpdbFor(
  project: ProjectConfig,
  apiKey: string | undefined,
  deps: SyncDeps,
  policy: RetryPolicy,
): AbuseIpdbClient | undefined {
  if (!apiKey) return undefined;
  return createAbuseIpdbClient({
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    apiKey,
    baseUrl: deps.abuseIpdbBaseUrl,
    maxAgeInDays: project.abuseipdb.maxAgeInDays,
    random: deps.random,
    policy,
  });
}

function waitingMessage(waiting: number, until: number): string {
  return `${waiting} alert(s) are waiting: whether Jira created their issue is not known yet (an answer was lost, the run stopped, or another run holds them). The first run after ${new Date(until).toISOString()} settles them by searching Jira; none is created twice.`;
}

function userMessage(error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof CredentialError) return error.message;
  return `Sync failed: ${describeError(error)}`;
}

function emptySummary(request: SyncRequest, startedAt: number): RunSummary {
  return newRunSummary({
    runId: request.runId ?? `${request.tenantId}-${startedAt}`,
    projectId: request.projectId,
    // Replaced by the project's current key once its config is read.
    projectKey: request.projectId,
    tenantId: request.tenantId,
    tenantName: request.tenantId,
    trigger: request.trigger,
    startedAt,
  });
}
