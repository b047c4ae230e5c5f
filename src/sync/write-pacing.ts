/**
 * Pacing of storage reads and writes, so that one installation stays under Forge's 4,000 KVS
 * writes and 4,000 reads a minute and 1,000 requests a second
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce; a request counts once per
 * started 10 KB of payload, so a `batchSet` of 20 small claims counts once).
 *
 * The arithmetic. Syncs are the only bulk users, so they get SYNC_WRITES_PER_MINUTE = 3,600 writes
 * and as many reads a minute, and 900 requests a second (the rest is headroom for the scheduler,
 * the settings page and the issue panel). Whoever queues several tenants at once (the scheduler,
 * "Sync now") gives each the share 3,600 / tenants a minute and 900 / tenants a second. A worker
 * holds its requests to its second's share as it goes (paced-store.ts), and counts its reads and
 * writes; once it is ahead of its minute's share it starts no new page and continues in a
 * follow-up event delayed until its reads and writes are paid for: a chain of events is paced
 * from its first start (`pacedUntil`, carried from event to event), so delivery and rounding
 * cannot let it drift ahead. Summed over the tenants, that is ≤ 3,600 a minute on average.
 * A page (100 alerts: 100 create-if-absent claims, ~20 batch writes of outcomes, pending verdicts
 * and issue records, the checkpoint and the run's record; ~25 reads) is the unit that cannot be
 * split, about 125 writes, so the first pages are spread too: the scheduler spreads T tenants'
 * starts over T × 125 / 3,600 minutes (at least its usual minute). 50 tenants × 1,000 alerts
 * (10 pages each, one every 125 / 72 minutes) then take about 17 minutes. Going over anyway (an admin's "Sync now" during a scheduled burst)
 * costs a 429, which the storage adapter backs off from and the worker turns into a follow-up.
 */

export const KVS_WRITES_PER_MINUTE = 4_000;
export const KVS_READS_PER_MINUTE = 4_000;
export const KVS_REQUESTS_PER_SECOND = 1_000;
/** Writes a minute for syncs; they get as many reads (the two limits are equal). */
export const SYNC_WRITES_PER_MINUTE = 3_600;
export const SYNC_REQUESTS_PER_SECOND = 900;
/**
 * The pacing slot: what one invocation with one page of 100 new alerts costs in write units, the
 * run's own records included (118–124 in the Forge-scale bench, `npm run bench`). A run that
 * costs more is paced as two slots, so it must not be smaller than a usual page.
 */
export const WRITES_PER_PAGE = 125;
/** The scheduler's usual spread of tenant starts. */
export const MIN_SPREAD_SECONDS = 60;

/** Writes a minute each of `tenants` syncing together may use. */
export function writeShare(tenants: number): number {
  return Math.max(1, Math.floor(SYNC_WRITES_PER_MINUTE / Math.max(1, tenants)));
}

/** Over how many seconds the starts of `tenants` syncs are spread, so first pages fit the share. */
export function startSpreadSeconds(tenants: number): number {
  return Math.max(
    MIN_SPREAD_SECONDS,
    Math.ceil(((tenants * WRITES_PER_PAGE) / SYNC_WRITES_PER_MINUTE) * 60),
  );
}

/** Requests a second each of `tenants` syncing together may send. */
export function requestShare(tenants: number): number {
  return Math.max(1, Math.floor(SYNC_REQUESTS_PER_SECOND / Math.max(1, tenants)));
}

/** What a sync may use of the installation's storage, and since when its use is counted. */
export interface StoragePace {
  /** Write units a minute; the run gets as many read units a minute. */
  share: number;
  /** Requests a second; absent, the run is not held (it syncs alone). */
  requestsPerSecond?: number | undefined;
  /** Absolute ms from which this run's reads and writes are paced (the chain's pace so far). */
  from: number;
}

/**
 * Until when the reads and writes made since `pace.from` are paid for, in whole page slots: a
 * slot is WRITES_PER_PAGE units, which `share` pays for in WRITES_PER_PAGE / share minutes, and a
 * run uses as many slots as its larger count (writes or reads) fills. Whole slots keep each
 * tenant's pages on a fixed beat from its chain's start, so tenants started evenly spread over one
 * slot (the scheduler does that, `startSpreadSeconds`) stay spread and their pages never bunch
 * into one minute, as exact costs (every page a little different) would let them drift into.
 */
export function pacedUntil(pace: StoragePace, writes: number, reads: number): number {
  const slots = Math.ceil(Math.max(writes, reads) / WRITES_PER_PAGE);
  return pace.from + Math.ceil(((slots * WRITES_PER_PAGE) / pace.share) * 60_000);
}

/**
 * A follow-up delivered a little after its chain's pace (delays are whole seconds, delivery is
 * not instant) keeps the chain's pace rather than starting a new one, so lateness does not add
 * up; one delivered much later starts from now and gets no credit for the time it waited.
 */
const LATE_CREDIT_MS = 2_000;

export function paceFrom(carried: number | undefined, now: number): number {
  return carried === undefined ? now : Math.max(carried, now - LATE_CREDIT_MS);
}
