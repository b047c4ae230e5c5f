/**
 * One tenant's sync: checkpoint → pages of alerts → skip the seen → claim the new → enrich their
 * public IPs → triage rules → bulk create → record alert → issue → advance the checkpoint → run
 * summary. It runs the same in the Forge worker, the CLI and the tests; only the ports differ.
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
import type { JiraClient } from '../clients/jira';
import { createJiraClient } from '../clients/jira';
import type { IssueCreate } from '../clients/jira-types';
import { advanceCheckpoint, alreadyPassed, startCheckpoint } from '../core/checkpoint';
import type { PageAlertState } from '../core/checkpoint';
import type { JiraTarget, ProjectConfig, Tenant } from '../core/config';
import { isTenantApiUrl } from '../core/config';
import { buildIssueCreate } from '../core/issue-payload';
import type { Alert, Claim, IpFinding, RunSummary } from '../core/model';
import { ALERT_PROPERTY_KEY, AlertProperty, newRunSummary } from '../core/model';
import type { NormaliseResult } from '../core/normalise-mcas';
import { evaluateRules } from '../core/rules/engine';
import type { TriageOutcome } from '../core/rules/outcome';
import type { Clock, Http, JiraTransport, Logger, Store } from '../ports';
import type { AlertSource } from './alert-source';
import { resultId } from './alert-source';
import { createIpEnricher } from './ip-enricher';
import type { IpEnricher, LookupMemo } from './ip-enricher';
import { JIRA_BULK_LIMIT, createIssues } from './issue-writer';
import { refusedFieldAdvice } from './refused-field-advice';
import { ConfigurationError, getJiraTarget } from './jira-target';
import { secretName } from './tenant-auth';
import { signedInSource } from './tenant-source';
import { fillPendingVerdicts, rememberPending } from './pending-verdicts';
import { RECENT_ALERTS_LIMIT, rememberRecentAlerts } from './recent-alerts';
import {
  claimAlert,
  getAbuseIpdbKey,
  getTenantToken,
  loadCheckpoint,
  loadClaim,
  loadProject,
  loadTenant,
  recordRun,
  saveCheckpoint,
  saveClaim,
} from './repository';

/** A rejected alert is retried on this many runs, then parked as failed. */
export const MAX_CREATE_ATTEMPTS = 5;
/**
 * A claim left in `claimed` by a run that died is reconciled only after this long. It is longer
 * than a worker may live (900 s), so the claim of a run still enriching or creating is never taken
 * for a dead one's, and Jira search (eventually consistent) has long indexed what was created.
 */
export const STALE_CLAIM_MS = 16 * 60_000;
/** Failed alerts retried by hand are fetched and created this many at a time. */
const RETRY_CHUNK = 100;

export interface SyncDeps {
  store: Store;
  http: Http;
  jira: JiraTransport;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  abuseIpdbBaseUrl?: string;
  /** The sandbox serves MCAS and Graph on 127.0.0.1; real tenants must use the real hosts. */
  allowLoopbackMcas?: boolean;
  /** Where Entra apps get their tokens; default login.microsoftonline.com (the sandbox's simulator). */
  entraLoginBaseUrl?: string;
  /** AbuseIPDB look-ups shared by the tenant syncs of one project run in one process. */
  lookupMemo?: LookupMemo;
}

export interface SyncRequest {
  projectKey: string;
  tenantId: string;
  trigger: RunSummary['trigger'];
  /** Absolute ms: no new page is started after it; the rest continues in a follow-up. */
  deadline?: number;
  /** Retry these failed alerts (fetched by id) instead of reading from the checkpoint. */
  alertIds?: string[];
  runId?: string;
}

/** What happened to one alert, for the CLI's per-alert output. */
export interface AlertReport {
  tenantName: string;
  alert: Alert;
  findings: IpFinding[];
  outcome: 'created' | 'duplicate' | 'suppressed' | 'rejected' | 'failed' | 'in-progress';
  issueKey?: string;
  message?: string;
}

export interface SyncOutcome {
  summary: RunSummary;
  /** Set when pages remain or a rate limit asks to wait: continue in a follow-up after this. */
  continueAfterSeconds?: number;
}

export interface SyncObserver {
  onAlert?(report: AlertReport): void;
}

interface RunContext {
  deps: SyncDeps;
  project: ProjectConfig;
  tenant: Tenant;
  target: JiraTarget;
  jira: JiraClient;
  enricher: IpEnricher;
  summary: RunSummary;
  observer?: SyncObserver;
  recent: Array<{ alert: Alert; findings: IpFinding[] }>;
}

export async function syncTenant(
  request: SyncRequest,
  deps: SyncDeps,
  observer?: SyncObserver,
): Promise<SyncOutcome> {
  const { store, clock, logger } = deps;
  const startedAt = clock.now();
  const summary = emptySummary(request, startedAt);
  let continueAfterSeconds: number | undefined;
  const recent: RunContext['recent'] = [];

  try {
    const project = await loadProject(store, request.projectKey);
    if (!project) throw new ConfigurationError(`Project ${request.projectKey} is not configured.`);
    const tenant = await loadTenant(store, request.projectKey, request.tenantId);
    if (!tenant)
      throw new ConfigurationError(
        `Tenant ${request.tenantId} is not configured in ${request.projectKey}.`,
      );
    summary.tenantName = tenant.name;
    if (!isTenantApiUrl(tenant.source, tenant.url, { allowLoopback: deps.allowLoopbackMcas })) {
      throw new ConfigurationError(
        tenant.source === 'graph'
          ? `Tenant "${tenant.name}" reads Microsoft Graph at a URL that is not https://graph.microsoft.com.`
          : `Tenant "${tenant.name}" has an API URL that is not an MCAS portal URL.`,
      );
    }
    const secret = await getTenantToken(store, tenant.id);
    if (!secret)
      throw new ConfigurationError(
        `Tenant "${tenant.name}" has no ${secretName(tenant.authMode)}. Add one in the project settings.`,
      );

    const jira = createJiraClient({ transport: deps.jira, clock, logger, random: deps.random });
    const { target, warnings } = await getJiraTarget(store, jira, project);
    summary.errors.push(...warnings.map((message) => ({ message })));

    const enricher = createIpEnricher({
      store,
      clock,
      logger,
      abuseIpdb: await abuseIpdbFor(project, deps),
      maxAgeInDays: project.abuseipdb.maxAgeInDays,
      cacheHours: project.abuseipdb.cacheHours,
      memo: deps.lookupMemo,
    });
    const context: RunContext = {
      deps,
      project,
      tenant,
      target,
      jira,
      enricher,
      summary,
      observer,
      recent,
    };

    summary.verdictsFilled = await fillPendingVerdicts({
      store,
      tenantId: tenant.id,
      jira,
      target,
      enricher,
      logger,
      errors: summary.errors,
    });

    const source = await signedInSource(tenant, secret, project.filters, {
      http: deps.http,
      clock,
      logger,
      random: deps.random,
      entra: createEntraTokenProvider({
        http: deps.http,
        clock,
        logger,
        random: deps.random,
        loginBaseUrl: deps.entraLoginBaseUrl,
      }),
    });
    const more = request.alertIds
      ? await retryAlerts(context, source, request.alertIds)
      : await fetchSinceCheckpoint(context, source, request.deadline);
    if (more) continueAfterSeconds = 1;

    summary.ipLookups = enricher.counters.ipLookups;
    summary.cacheHits = enricher.counters.cacheHits;
    summary.privateSkipped = enricher.counters.privateSkipped;
    summary.pendingVerdicts = enricher.counters.pendingVerdicts;
    summary.errors.push(...enricher.problems.map((message) => ({ message })));
  } catch (error) {
    if (error instanceof RateLimitError) {
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

  summary.continued = continueAfterSeconds !== undefined;
  summary.finishedAt = clock.now();
  summary.durationMs = Math.max(0, summary.finishedAt - startedAt);
  if (
    summary.status !== 'error' &&
    (summary.errors.length > 0 || summary.failed + summary.rejected + summary.malformed > 0)
  ) {
    summary.status = 'partial';
  }
  await recordRun(store, summary).catch((error: unknown) =>
    logger.error('recording the run failed', { error: describeError(error) }),
  );
  if (recent.length > 0) {
    await rememberRecentAlerts(store, request.projectKey, recent).catch((error: unknown) =>
      logger.warn('remembering recent alerts failed', { error: describeError(error) }),
    );
  }
  logger.info('tenant sync finished', {
    projectKey: summary.projectKey,
    tenantId: summary.tenantId,
    status: summary.status,
    fetched: summary.fetched,
    created: summary.created,
    durationMs: summary.durationMs,
  });
  return continueAfterSeconds === undefined ? { summary } : { summary, continueAfterSeconds };
}

/** Pages from the checkpoint. Returns true when the deadline stopped it with pages left. */
async function fetchSinceCheckpoint(
  context: RunContext,
  source: AlertSource,
  deadline: number | undefined,
): Promise<boolean> {
  const { deps, project, summary, tenant } = context;
  const { store, clock } = deps;
  const lookback = project.filters.firstRunLookbackDays * 86_400_000;
  const start = startCheckpoint(
    await loadCheckpoint(store, tenant.id),
    clock.now() - lookback,
    clock.now(),
  );
  const batch = newBatch();
  const saveProgress = async () => {
    const checkpoint = advanceCheckpoint(start, batch.progress());
    await saveCheckpoint(store, tenant.id, { ...checkpoint, lastRunAt: clock.now() });
  };
  const pages = source.pagesSince(start.lastTimestamp);
  try {
    for (;;) {
      if (deadline !== undefined && clock.now() >= deadline) return true;
      const next = await pages.next();
      if (next.done) return false;
      const { results, more } = next.value;
      summary.fetched += results.length;
      await processAlerts(context, results, start, batch);
      // Full bulk calls only: what is left waits for the next page's alerts.
      await flushBatch(context, batch, false);
      await saveProgress();
      if (!more) return false;
    }
  } finally {
    await pages.return(undefined);
    // Whatever ends the paging (the last page, the deadline, a rate limit), alerts already
    // claimed get their issues now rather than waiting out a stale claim.
    await flushBatch(context, batch, true);
    await saveProgress();
  }
}

/**
 * Alerts of this run waiting for a bulk create, carried across pages so that every call but the
 * last creates 50 issues, and the settled state of every alert seen so far, for the checkpoint.
 */
interface Batch {
  waiting: Candidate[];
  states: PageAlertState[];
  settle: (alert: Alert, settled: boolean) => void;
  /** Every alert of the run in MCAS order; those still waiting count as not settled. */
  progress: () => PageAlertState[];
}

function newBatch(): Batch {
  const batch: Batch = {
    waiting: [],
    states: [],
    settle: (alert, settled) =>
      batch.states.push({ id: alert.id, timestamp: alert.timestamp, settled }),
    progress: () =>
      [
        ...batch.states,
        ...batch.waiting.map(({ alert }) => ({
          id: alert.id,
          timestamp: alert.timestamp,
          settled: false,
        })),
      ].sort((a, b) => a.timestamp - b.timestamp),
  };
  return batch;
}

async function flushBatch(context: RunContext, batch: Batch, everything: boolean): Promise<void> {
  const count = everything
    ? batch.waiting.length
    : batch.waiting.length - (batch.waiting.length % JIRA_BULK_LIMIT);
  if (count === 0) return;
  await createFor(context, batch.waiting.splice(0, count), batch.settle);
}

/**
 * Failed alerts an admin asked to retry: fetched by id, and only the claims of alerts the source
 * returned are reopened. An alert it no longer has (or a fetch that fails) leaves its claim
 * parked, so it stays in the settings page's list instead of vanishing behind the checkpoint.
 */
async function retryAlerts(
  context: RunContext,
  source: AlertSource,
  alertIds: string[],
): Promise<boolean> {
  const { deps, summary, tenant } = context;
  for (let start = 0; start < alertIds.length; start += RETRY_CHUNK) {
    const ids = alertIds.slice(start, start + RETRY_CHUNK);
    const claims = new Map<string, Claim | undefined>();
    for (const alertId of ids) claims.set(alertId, await loadClaim(deps.store, tenant.id, alertId));
    const results = await source.byIds(
      ids.map((id) => {
        const timestamp = claims.get(id)?.timestamp;
        return timestamp !== undefined ? { id, timestamp } : { id };
      }),
    );
    summary.fetched += results.length;
    const returned = new Set(results.map(resultId));
    for (const alertId of ids) {
      if (!returned.has(alertId)) {
        summary.errors.push({
          alertId,
          message: `${source.name} no longer returns alert ${alertId}; it stays in the failed list.`,
        });
        continue;
      }
      const claim = claims.get(alertId);
      if (claim?.state === 'failed' || claim?.state === 'rejected') {
        await saveClaim(deps.store, tenant.id, alertId, {
          ...claim,
          state: 'rejected',
          attempts: 0,
          at: deps.clock.now(),
        });
      }
    }
    const batch = newBatch();
    await processAlerts(context, results, undefined, batch);
    await flushBatch(context, batch, true);
  }
  return false;
}

interface Candidate {
  alert: Alert;
  attempts: number;
}

/**
 * Decides and claims the alerts of one page: what is already handled is settled in the batch,
 * what needs an issue joins the batch's waiting list (created by `flushBatch`).
 */
async function processAlerts(
  context: RunContext,
  results: NormaliseResult[],
  checkpoint: Parameters<typeof alreadyPassed>[0] | undefined,
  batch: Batch,
): Promise<void> {
  const { deps, tenant, summary } = context;
  const { store, clock } = deps;
  const { settle } = batch;

  const candidates: Candidate[] = [];
  const toReconcile: Candidate[] = [];
  for (const result of results) {
    if (!result.ok) {
      // Nothing can become an issue without an id and a time; report it and move on.
      summary.malformed += 1;
      summary.errors.push({ alertId: result.alertId, message: result.reason });
      continue;
    }
    const { alert } = result;
    if (checkpoint && alreadyPassed(checkpoint, alert)) {
      summary.duplicates += 1;
      settle(alert, true);
      continue;
    }
    const fresh: Claim = {
      state: 'claimed',
      attempts: 0,
      at: clock.now(),
      title: alert.title.slice(0, 255),
      timestamp: alert.timestamp,
    };
    if (await claimAlert(store, tenant.id, alert.id, fresh)) {
      candidates.push({ alert, attempts: 0 });
      continue;
    }
    const claim = await loadClaim(store, tenant.id, alert.id);
    switch (claim?.state) {
      case 'created':
      case 'suppressed':
      case 'failed':
        summary.duplicates += 1;
        context.observer?.onAlert?.({
          tenantName: tenant.name,
          alert,
          findings: [],
          outcome: 'duplicate',
          issueKey: claim.issueKey,
        });
        settle(alert, true);
        break;
      case 'rejected':
        await saveClaim(store, tenant.id, alert.id, {
          ...claim,
          state: 'claimed',
          at: clock.now(),
        });
        candidates.push({ alert, attempts: claim.attempts });
        break;
      case 'claimed':
        if (clock.now() - claim.at >= STALE_CLAIM_MS)
          toReconcile.push({ alert, attempts: claim.attempts });
        else {
          // Another run holds it right now (or died a moment ago): leave it to a later run.
          context.observer?.onAlert?.({
            tenantName: tenant.name,
            alert,
            findings: [],
            outcome: 'in-progress',
          });
          settle(alert, false);
        }
        break;
      default:
        settle(alert, false);
    }
  }

  candidates.push(...(await reconcile(context, toReconcile, settle)));
  batch.waiting.push(...candidates);
}

/** Claims whose create may have reached Jira: an issue carrying the alert id settles them. */
async function reconcile(
  context: RunContext,
  stale: Candidate[],
  settle: (alert: Alert, settled: boolean) => void,
): Promise<Candidate[]> {
  const { deps, tenant, jira, summary, project } = context;
  const remaining: Candidate[] = [];
  for (let start = 0; start < stale.length; start += 50) {
    const batch = stale.slice(start, start + 50);
    const ids = batch.map(({ alert }) => JSON.stringify(alert.id)).join(', ');
    const found = await jira.searchJql(
      `project = ${JSON.stringify(project.projectKey)} AND mcasTenant = ${JSON.stringify(tenant.id)} AND mcasAlertId in (${ids})`,
      { fields: ['summary'], properties: [ALERT_PROPERTY_KEY], maxResults: 100 },
    );
    const issueByAlert = new Map<string, string>();
    for (const issue of found) {
      const property = AlertProperty.safeParse(issue.properties?.[ALERT_PROPERTY_KEY]);
      if (property.success) issueByAlert.set(property.data.alertId, issue.key);
    }
    for (const candidate of batch) {
      const issueKey = issueByAlert.get(candidate.alert.id);
      if (issueKey) {
        await saveClaim(deps.store, tenant.id, candidate.alert.id, {
          state: 'created',
          issueKey,
          attempts: candidate.attempts,
          at: deps.clock.now(),
          title: candidate.alert.title.slice(0, 255),
          timestamp: candidate.alert.timestamp,
        });
        summary.duplicates += 1;
        settle(candidate.alert, true);
      } else {
        remaining.push(candidate);
      }
    }
  }
  return remaining;
}

async function createFor(
  context: RunContext,
  candidates: Candidate[],
  settle: (alert: Alert, settled: boolean) => void,
): Promise<void> {
  if (candidates.length === 0) return;
  const { deps, tenant, target, jira, enricher, summary, project } = context;
  const { store, clock } = deps;

  await enricher.prefetch(candidates.flatMap(({ alert }) => alert.ips));
  const prepared: Array<
    Candidate & { findings: IpFinding[]; triage: TriageOutcome; issue: IssueCreate }
  > = [];
  for (const candidate of candidates) {
    const findings = await enricher.enrich(candidate.alert.ips);
    context.recent.push({ alert: candidate.alert, findings });
    // Only the newest alerts are kept for the rule preview: a backlog must not pile up in memory.
    if (context.recent.length > RECENT_ALERTS_LIMIT) context.recent.shift();
    let triage: TriageOutcome;
    let issue: IssueCreate;
    try {
      triage = evaluateRules({
        rules: project.rules,
        userLists: project.userLists,
        alert: candidate.alert,
        findings,
      });
      issue = buildIssueCreate({
        alert: candidate.alert,
        findings,
        target,
        triage,
        tenantName: tenant.name,
      });
    } catch (error) {
      // Odd data must cost only this alert its issue, never the page.
      await recordRefusal(
        context,
        candidate,
        findings,
        `Could not build the issue: ${describeError(error)}`,
        settle,
      );
      continue;
    }
    if (triage.suppressedBy) {
      await saveClaim(store, tenant.id, candidate.alert.id, {
        state: 'suppressed',
        rule: triage.suppressedBy,
        attempts: candidate.attempts,
        at: clock.now(),
        title: candidate.alert.title.slice(0, 255),
        timestamp: candidate.alert.timestamp,
      });
      summary.suppressed += 1;
      context.observer?.onAlert?.({
        tenantName: tenant.name,
        alert: candidate.alert,
        findings,
        outcome: 'suppressed',
        message: `suppressed by rule '${triage.suppressedBy}'`,
      });
      settle(candidate.alert, true);
      continue;
    }
    prepared.push({ ...candidate, findings, triage, issue });
  }

  const { results, failure } = await createIssues(
    jira,
    prepared.map(({ issue }) => issue),
    (index, refusedFields) => {
      const item = prepared[index];
      if (item === undefined) throw new Error(`No prepared issue at ${index}`);
      return buildIssueCreate({ ...item, target, tenantName: tenant.name, refusedFields });
    },
  );
  // One line per refused field, not per issue: a mapping problem reads once, with its count.
  const refusedFields = new Map<string, { message: string; issues: string[] }>();
  for (const [index, item] of prepared.entries()) {
    const result = results[index];
    if (result === undefined) {
      // Unknown outcome (the call failed or was never made): the claim stays `claimed` and a
      // later run reconciles it by search once it is stale, creating it only if it is missing.
      settle(item.alert, false);
      continue;
    }
    if (!result.ok) {
      await recordRefusal(
        context,
        item,
        item.findings,
        `Jira refused the issue: ${result.rejection.message}`,
        settle,
      );
      continue;
    }
    await saveClaim(store, tenant.id, item.alert.id, {
      title: item.alert.title.slice(0, 255),
      timestamp: item.alert.timestamp,
      at: clock.now(),
      state: 'created',
      issueKey: result.key,
      attempts: item.attempts + 1,
    });
    summary.created += 1;
    for (const [field, message] of Object.entries(result.droppedFields)) {
      const entry = refusedFields.get(`${field}\u0000${message}`) ?? {
        message: `${field}: ${message}`,
        issues: [],
      };
      entry.issues.push(result.key);
      refusedFields.set(`${field}\u0000${message}`, entry);
    }
    const pendingIps = item.findings
      .filter((finding) => finding.pending)
      .map((finding) => finding.ip);
    if (pendingIps.length > 0) {
      await rememberPending(store, tenant.id, {
        issueKey: result.key,
        alertId: item.alert.id,
        ips: pendingIps,
      });
    }
    context.observer?.onAlert?.({
      tenantName: tenant.name,
      alert: item.alert,
      findings: item.findings,
      outcome: 'created',
      issueKey: result.key,
    });
    settle(item.alert, true);
  }
  for (const { message, issues } of refusedFields.values()) {
    const listed = issues.slice(0, 5).join(', ') + (issues.length > 5 ? ', …' : '');
    summary.errors.push({
      message: `Jira refused field ${message} — ${issues.length} issue(s) were created without it (${listed}). ${refusedFieldAdvice(message)}`,
    });
  }
  if (failure !== undefined) throw failure;
}

/** A refused alert is retried on later runs, then parked as failed so the checkpoint can move. */
async function recordRefusal(
  context: RunContext,
  candidate: Candidate,
  findings: IpFinding[],
  message: string,
  settle: (alert: Alert, settled: boolean) => void,
): Promise<void> {
  const { deps, tenant, summary } = context;
  const { alert } = candidate;
  const attempts = candidate.attempts + 1;
  const parked = attempts >= MAX_CREATE_ATTEMPTS;
  await saveClaim(deps.store, tenant.id, alert.id, {
    state: parked ? 'failed' : 'rejected',
    attempts,
    at: deps.clock.now(),
    lastError: message,
    title: alert.title.slice(0, 255),
    timestamp: alert.timestamp,
  });
  if (parked) summary.failed += 1;
  else summary.rejected += 1;
  summary.errors.push({
    alertId: alert.id,
    message: parked
      ? `${message} (gave up after ${attempts} attempts; retry it from the settings page)`
      : `${message} (attempt ${attempts} of ${MAX_CREATE_ATTEMPTS}; retried next run)`,
  });
  context.observer?.onAlert?.({
    tenantName: tenant.name,
    alert,
    findings,
    outcome: parked ? 'failed' : 'rejected',
    message,
  });
  settle(alert, parked);
}

async function abuseIpdbFor(
  project: ProjectConfig,
  deps: SyncDeps,
): Promise<AbuseIpdbClient | undefined> {
  const apiKey = await getAbuseIpdbKey(deps.store, project.projectKey);
  if (!apiKey) return undefined;
  return createAbuseIpdbClient({
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    apiKey,
    baseUrl: deps.abuseIpdbBaseUrl,
    maxAgeInDays: project.abuseipdb.maxAgeInDays,
    random: deps.random,
  });
}

function userMessage(error: unknown): string {
  if (error instanceof ConfigurationError || error instanceof CredentialError) return error.message;
  return `Sync failed: ${describeError(error)}`;
}

function emptySummary(request: SyncRequest, startedAt: number): RunSummary {
  return newRunSummary({
    runId: request.runId ?? `${request.tenantId}-${startedAt}`,
    projectKey: request.projectKey,
    tenantId: request.tenantId,
    tenantName: request.tenantId,
    trigger: request.trigger,
    startedAt,
  });
}
