/**
 * Pacing of storage writes, so that one installation stays under Forge's 4,000 KVS writes a minute
 * (https://developer.atlassian.com/platform/forge/platform-quotas-and-limits/; a request counts
 * once per 10 KB of payload, so a `batchSet` of 20 small claims counts once).
 *
 * The arithmetic. Syncs are the only bulk writers, so they get SYNC_WRITES_PER_MINUTE = 3,600 (the
 * other 400 are headroom for the scheduler, the settings page and the issue panel). Whoever queues
 * several tenants at once (the scheduler, "Sync now") gives each the share 3,600 / tenants. A
 * worker counts the writes it makes; once it has spent one share it starts no new page and
 * continues in a follow-up event delayed so that its writes average at most its share a minute:
 * delay = writes / share minutes after it started. Summed over the tenants, that is ≤ 3,600 a
 * minute. A page (100 alerts: 100 create-if-absent claims, ~12 batch writes of outcomes and
 * pending verdicts, 1 checkpoint) is the unit that cannot be split, about 115 writes, so the
 * first pages are spread too: the scheduler spreads T tenants' starts over
 * T × 115 / 3,600 minutes (at least its usual minute). 50 tenants × 1,000 alerts ≈ 57,500 writes
 * then take about 16 minutes. Going over anyway (an admin's "Sync now" during a scheduled burst)
 * costs a 429, which the storage adapter backs off from and the worker turns into a follow-up.
 */
import type { Store } from '../ports';
import { STORE_BATCH_LIMIT } from '../ports';

export const KVS_WRITES_PER_MINUTE = 4_000;
export const SYNC_WRITES_PER_MINUTE = 3_600;
/** About what one page of 100 new alerts costs in writes (see above). */
export const WRITES_PER_PAGE = 115;
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

/**
 * Seconds from now until a run that started `elapsedMs` ago and made `writes` writes may be
 * followed by the next, for its writes to average at most `share` a minute.
 */
export function pacedDelaySeconds(writes: number, share: number, elapsedMs: number): number {
  return Math.max(0, Math.ceil((writes / share) * 60 - elapsedMs / 1000));
}

/** A store that counts its write requests as Forge counts them (a batch of ≤ 20 keys is one). */
export interface MeteredStore {
  store: Store;
  writes(): number;
}

export function meteredStore(store: Store): MeteredStore {
  let writes = 0;
  const counted = <T>(requests: number, call: () => Promise<T>): Promise<T> => {
    writes += requests;
    return call();
  };
  return {
    store: {
      ...store,
      set: (key, value, options) => counted(1, () => store.set(key, value, options)),
      setIfAbsent: (key, value) => counted(1, () => store.setIfAbsent(key, value)),
      setMany: (entries) =>
        counted(Math.ceil(entries.length / STORE_BATCH_LIMIT), () => store.setMany(entries)),
      delete: (key) => counted(1, () => store.delete(key)),
      setSecret: (key, value) => counted(1, () => store.setSecret(key, value)),
      deleteSecret: (key) => counted(1, () => store.deleteSecret(key)),
    },
    writes: () => writes,
  };
}
