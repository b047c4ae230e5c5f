/**
 * How long each kind of stored data lives (docs/security.md, "Retention"). Forge KVS deletes a
 * key when its TTL runs out (`kvs.set(key, value, { ttl })`), so nothing here needs a sweep.
 */
const DAY = 86_400;

/**
 * Claims and the app's issue records: twice the longest look-back a tenant can have
 * (`firstRunLookbackDays` ≤ 90; later runs read only from the checkpoint on), so an alert can
 * never come back into a window after its claim is gone, yet alert titles and e-mails do not stay
 * for ever. Microsoft keeps MCAS alerts about as long (180 days).
 */
export const CLAIM_TTL_SECONDS = 180 * DAY;

/** The rule preview's recent alerts: a working aid, not a record. */
export const RECENT_ALERTS_TTL_SECONDS = 30 * DAY;

/** Run summaries: the last 50 are kept, and none older than this. */
export const RUN_TTL_SECONDS = 90 * DAY;

/**
 * AbuseIPDB answers the owed-verdict drain keeps for addresses a project's issues wait on
 * (`answer:`): longer than the 8 days a free-plan backlog of 7,500 addresses needs, so no
 * address is asked twice while its issues wait.
 */
export const OWED_ANSWER_TTL_SECONDS = 14 * DAY;
