/**
 * The domain vocabulary. Each type comes from its zod schema so that the same shape is checked
 * wherever it crosses a boundary (storage, resolver payloads, issue properties).
 */
import { z } from 'zod';
import { WriteBackRecord } from './write-back';

export const SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** MCAS `severityValue`: 0 Low, 1 Medium, 2 High, 3 Informational. */
export const SEVERITY_BY_MCAS_VALUE: Record<number, Severity> = {
  0: 'low',
  1: 'medium',
  2: 'high',
  3: 'informational',
};
export const MCAS_VALUE_BY_SEVERITY: Record<Severity, number> = {
  low: 0,
  medium: 1,
  high: 2,
  informational: 3,
};

/** Ordering used by "minimum severity" filters and rule conditions. */
export const SEVERITY_RANK: Record<Severity, number> = {
  informational: 0,
  low: 1,
  medium: 2,
  high: 3,
};

/** An MCAS alert reduced to what the app relies on. Built by `normaliseMcasAlert`. */
export const Alert = z.object({
  id: z.string().min(1),
  tenantId: z.string().min(1),
  /** Unix milliseconds, as MCAS gives it. */
  timestamp: z.number().int().nonnegative(),
  title: z.string(),
  /** Plain text: HTML reduced, entities decoded, links kept as "text [url]". */
  description: z.string(),
  /** Portal link to the alert, when MCAS gave one. */
  url: z.string().optional(),
  severity: Severity,
  /** MCAS resolutionStatusValue (0 Open … 5 Closed true positive), when present. */
  resolutionStatus: z.number().int().optional(),
  policy: z.object({ id: z.string(), label: z.string() }).optional(),
  /** Affected users' e-mail addresses or principal names, lower-cased, de-duplicated. */
  users: z.array(z.string()),
  /** MCAS user-group tags (`groupTag` entities' labels), e.g. "Staff". */
  groupTags: z.array(z.string()),
  /** Every valid IPv4/IPv6 address of the alert, canonical form, de-duplicated, in order found. */
  ips: z.array(z.string()),
  /** Graph only: the Defender incident the alert belongs to (`incidentId`). */
  incidentId: z.string().optional(),
});
export type Alert = z.infer<typeof Alert>;

/** What AbuseIPDB says about one address, with when we asked. */
export const IpVerdict = z.object({
  ip: z.string(),
  abuseConfidenceScore: z.number().int().min(0).max(100),
  totalReports: z.number().int().nonnegative(),
  numDistinctUsers: z.number().int().nonnegative(),
  countryCode: z.string().nullable(),
  countryName: z.string().nullable().optional(),
  usageType: z.string().nullable(),
  isp: z.string().nullable(),
  domain: z.string().nullable(),
  isTor: z.boolean(),
  isWhitelisted: z.boolean().nullable(),
  lastReportedAt: z.string().nullable(),
  /** The look-back window the counts cover. */
  maxAgeInDays: z.number().int().min(1).max(365),
  /** Unix ms when AbuseIPDB answered. */
  fetchedAt: z.number().int(),
});
export type IpVerdict = z.infer<typeof IpVerdict>;

/** The special-purpose ranges we never send to AbuseIPDB (IANA registries, v4 and v6). */
export const IpRange = z.enum([
  'public',
  'private',
  'loopback',
  'linkLocal',
  'carrierGradeNat',
  'documentation',
  'multicast',
  'unspecified',
  'broadcast',
  'reserved',
  'uniqueLocal',
  'benchmarking',
  'ipv4Mapped',
  'translation',
  'other',
]);
export type IpRange = z.infer<typeof IpRange>;

/**
 * One address of an alert as the issue shows it: a verdict for a public address, `pending` when
 * the quota or an outage kept us from asking (a later run fills it in), or the range for
 * addresses that are never looked up.
 */
export const IpFinding = z.object({
  ip: z.string(),
  range: IpRange,
  verdict: IpVerdict.optional(),
  pending: z.boolean().optional(),
  /** Not looked up: past the per-alert cap of AbuseIPDB look-ups (`sync/ip-lookup-cap.ts`). */
  unchecked: z.boolean().optional(),
});
export type IpFinding = z.infer<typeof IpFinding>;

/**
 * Issue property `mcas.alert`, indexed for JQL (manifest `jira:entityProperty`): mcasAlertId,
 * mcasTenant, mcasSeverity, and for reports and Jira's own filters mcasCategory, mcasUser,
 * mcasIp, mcasAbuseScore and mcasAlertTime. The report fields are optional: issues created
 * before they existed still parse (and count under "(none)").
 */
export const AlertProperty = z.object({
  alertId: z.string(),
  tenantId: z.string(),
  severity: Severity,
  timestamp: z.number().int(),
  /** The NIST category the triage rules chose. */
  category: z.string().optional(),
  /** Affected users (the first few): an indexed array matches `mcasUser = "…"` on any element. */
  users: z.array(z.string()).optional(),
  /** Public addresses (the first few), for `mcasIp = "…"`. */
  ips: z.array(z.string()).optional(),
  /** The highest AbuseIPDB score of the alert's addresses; absent while none has a verdict. */
  maxAbuseScore: z.number().int().min(0).max(100).optional(),
  /** The alert's time as ISO 8601, the form a `date` alias indexes. */
  alertTime: z.string().optional(),
  /**
   * Repeats grouped into this issue by a "group repeats" rule (indexed as `mcasRepeats`, a
   * number); absent while there are none.
   */
  repeats: z.number().int().nonnegative().optional(),
  /**
   * The ids of the alerts grouped into this issue, oldest first (not indexed): closing the issue
   * closes each of them in Defender too. Bounded by MAX_GROUPED_ALERTS (core/grouping.ts).
   */
  groupedAlertIds: z.array(z.string()).optional(),
  /** Jira → Defender: the closure of the alert (core/write-back.ts), indexed as `mcasWriteBack`. */
  writeBack: WriteBackRecord.optional(),
});
export type AlertProperty = z.infer<typeof AlertProperty>;
export const ALERT_PROPERTY_KEY = 'mcas.alert';

/** Issue property `mcas.enrichment`: what the issue panel shows and re-checks. */
export const EnrichmentProperty = z.object({
  tenantName: z.string().optional(),
  alertUrl: z.string().optional(),
  users: z.array(z.string()),
  findings: z.array(IpFinding),
});
export type EnrichmentProperty = z.infer<typeof EnrichmentProperty>;
export const ENRICHMENT_PROPERTY_KEY = 'mcas.enrichment';

/**
 * The claim an alert's key holds in storage. The first claim is written create-if-absent, so two
 * workers can never both own one alert.
 * - claimed: a worker owns it; a create may or may not have reached Jira (reconciled by search).
 * - rejected: Jira refused the payload; retried on later runs until `attempts` reaches the bound.
 * - created: the issue exists (`issueKey`).
 * - failed: parked after too many rejections; shown in settings, retried only by hand.
 * - suppressed: a triage rule said no issue (`rule`).
 * - grouped: a "group repeats" rule (`rule`) made the alert a comment on issue `issueKey`.
 * - dismissed: an admin decided a failed alert needs no issue (`dismissedBy`, at `at`; once that
 *   account is closed, `dismissedByFormerUser` instead).
 */
export const ClaimState = z.enum([
  'claimed',
  'rejected',
  'created',
  'failed',
  'suppressed',
  'grouped',
  'dismissed',
]);
export type ClaimState = z.infer<typeof ClaimState>;
export const Claim = z.object({
  state: ClaimState,
  issueKey: z.string().optional(),
  attempts: z.number().int().nonnegative(),
  /** Unix ms of the last state change. */
  at: z.number().int(),
  lastError: z.string().optional(),
  rule: z.string().optional(),
  /**
   * The Atlassian account id of the admin who dismissed the alert: reported weekly to Atlassian's
   * personal-data API, and erased when the account is closed (core/personal-data.ts).
   */
  dismissedBy: z.string().optional(),
  /** The dismissing admin's account was closed and its id erased; the dismissal stands. */
  dismissedByFormerUser: z.literal(true).optional(),
  /** Kept so a failed alert can be retried from the settings page without MCAS. */
  title: z.string().optional(),
  timestamp: z.number().int().optional(),
});
export type Claim = z.infer<typeof Claim>;

/**
 * Where a tenant's incremental fetch resumes. MCAS `date.gte` returns the boundary alerts again,
 * so the ids already handled at `lastTimestamp` are kept to drop them.
 */
export const Checkpoint = z.object({
  lastTimestamp: z.number().int(),
  idsAtLastTimestamp: z.array(z.string()),
  lastRunAt: z.number().int(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export const TenantError = z.object({
  alertId: z.string().optional(),
  message: z.string(),
});

/** One tenant sync, as the run history and the CLI report it. */
export const RunSummary = z.object({
  runId: z.string(),
  projectId: z.string(),
  /** The project's key when the run started, for display. */
  projectKey: z.string(),
  tenantId: z.string(),
  tenantName: z.string(),
  trigger: z.enum(['schedule', 'manual', 'cli', 'retry']),
  startedAt: z.number().int(),
  finishedAt: z.number().int(),
  durationMs: z.number().int().nonnegative(),
  status: z.enum(['ok', 'partial', 'error']),
  /**
   * What became of every alert the run fetched (core/run-counts.ts checks they add up):
   * fetched = created + duplicates + filtered + suppressed + grouped + rejected + failed +
   * malformed + waiting. The alerts at the checkpoint's own timestamp that the source returns again are not
   * fetched: an earlier run handled them.
   */
  fetched: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  /** Already had an issue (or was settled) from an earlier run. */
  duplicates: z.number().int().nonnegative(),
  /** Dropped by the project's severity or status filter (Graph filters in the app). */
  filtered: z.number().int().nonnegative().default(0),
  suppressed: z.number().int().nonnegative(),
  /** Alerts that became a comment on an open issue (rule "group repeats"); 0 for older runs. */
  grouped: z.number().int().nonnegative().default(0),
  /** Refused by Jira this run, retried on the next. */
  rejected: z.number().int().nonnegative(),
  /** Refused MAX_CREATE_ATTEMPTS times: parked until an admin retries or dismisses it. */
  failed: z.number().int().nonnegative(),
  /** Could not be read (no id or time): reported, never an issue. */
  malformed: z.number().int().nonnegative(),
  /**
   * Claimed, but whether its issue exists is not known yet: the create's answer was lost, the run
   * stopped before it, or another run holds the alert. A later run settles it by search.
   */
  waiting: z.number().int().nonnegative().default(0),
  /** Unix ms after which a run can settle every waiting alert (its claim is then stale). */
  waitingUntil: z.number().int().optional(),
  ipLookups: z.number().int().nonnegative(),
  cacheHits: z.number().int().nonnegative(),
  privateSkipped: z.number().int().nonnegative(),
  pendingVerdicts: z.number().int().nonnegative(),
  verdictsFilled: z.number().int().nonnegative(),
  /** True when the run stopped at its time budget or a rate limit and continues in a follow-up. */
  continued: z.boolean(),
  errors: z.array(TenantError),
  /** Tenants with write-back on (issue 16): alerts closed and reopened, failures, Defender closures seen. */
  writeBack: z
    .object({
      closed: z.number().int().nonnegative(),
      reopened: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
      closedInDefender: z.number().int().nonnegative(),
    })
    .optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** A run that has done nothing yet: every counter at zero, finished when it started. */
export function newRunSummary(
  identity: Pick<
    RunSummary,
    'runId' | 'projectId' | 'projectKey' | 'tenantId' | 'tenantName' | 'trigger' | 'startedAt'
  >,
): RunSummary {
  return {
    ...identity,
    finishedAt: identity.startedAt,
    durationMs: 0,
    status: 'ok',
    fetched: 0,
    created: 0,
    duplicates: 0,
    filtered: 0,
    suppressed: 0,
    grouped: 0,
    rejected: 0,
    failed: 0,
    malformed: 0,
    waiting: 0,
    ipLookups: 0,
    cacheHits: 0,
    privateSkipped: 0,
    pendingVerdicts: 0,
    verdictsFilled: 0,
    continued: false,
    errors: [],
  };
}
