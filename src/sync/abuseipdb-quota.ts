/**
 * The project's AbuseIPDB quota state kept between runs: once the daily quota is known to be
 * spent, every later run and every issue-panel re-check reads it here and sends no check before
 * the reset. One read per run or panel call, and one more before a check sent on state older than
 * QUOTA_FRESH_MS; one write when exhaustion is learnt, with a TTL to the reset so the key goes
 * away by itself (Forge KVS `ttl`).
 *
 * Keyed by project because the AbuseIPDB key is a project's secret; a new key clears it
 * (`setAbuseIpdbKey`), since a new key has its own quota.
 */
import type { ProjectId } from '../core/config';
import { describeError } from '../clients/errors';
import type { QuotaExhaustion } from '../core/abuseipdb-quota';
import {
  QuotaExhaustion as QuotaExhaustionSchema,
  activeExhaustion,
} from '../core/abuseipdb-quota';
import { keys } from '../core/storage-keys';
import type { Clock, Logger, Store } from '../ports';

/**
 * How old the stored state may be when a run is about to send a check it cannot vouch for (its
 * first, or one of the day's last): older, it is read again first. Runs side by side learn of
 * each other's spent quota only through the store, and a run's start, when it read the state, can
 * be minutes before its first check; re-read, the window in which another run's "spent" can land
 * unseen shrinks to one storage round trip.
 */
export const QUOTA_FRESH_MS = 1_000;

export interface QuotaMemory {
  /** Unix ms before which no check may be sent, when the quota is known to be spent. */
  exhaustedUntil(): number | undefined;
  /**
   * `exhaustedUntil()`, after reading the stored state again when it is older than
   * QUOTA_FRESH_MS (one read, shared by callers that ask at once). A failed read keeps what is
   * known.
   */
  refresh(): Promise<number | undefined>;
  /** Records that the quota is spent until `until`; a later time than the one known wins. */
  remember(until: number, how: QuotaExhaustion['how']): Promise<void>;
}

/**
 * The stored exhaustion of a project's quota. An unreadable value must not stop the look-ups for
 * good: it is treated as unknown, and the next refusal or spent answer writes a valid one over it.
 */
export const readQuotaExhaustion = (store: Store, projectId: ProjectId) =>
  store.get(keys.abuseIpdbQuota(projectId), QuotaExhaustionSchema).catch(() => undefined);

export async function loadQuotaMemory(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  projectId: ProjectId;
  /** The stored value when the caller has read it already (`readQuotaExhaustion`). */
  preread?: Promise<QuotaExhaustion | undefined>;
}): Promise<QuotaMemory> {
  const { store, clock, logger, projectId } = deps;
  const key = keys.abuseIpdbQuota(projectId);
  let known = activeExhaustion(
    await (deps.preread ?? readQuotaExhaustion(store, projectId)),
    clock.now(),
  );
  let readAt = clock.now();
  let reading: Promise<void> | undefined;
  const exhaustedUntil = () => activeExhaustion(known, clock.now())?.until;
  return {
    exhaustedUntil,
    async refresh() {
      if (reading === undefined && clock.now() - readAt >= QUOTA_FRESH_MS) {
        reading = readQuotaExhaustion(store, projectId).then((stored) => {
          const now = clock.now();
          const active = activeExhaustion(stored, now);
          if (active !== undefined && (known === undefined || active.until > known.until))
            known = active;
          readAt = now;
          reading = undefined;
        });
      }
      await reading;
      return exhaustedUntil();
    },
    async remember(until, how) {
      const now = clock.now();
      if (until <= now || (known !== undefined && known.until >= until)) return;
      known = { until, at: now, how };
      try {
        await store.set(key, known, { ttlSeconds: Math.ceil((until - now) / 1000) });
      } catch (error) {
        // This run still stops asking; only later runs may send one more refused probe.
        logger.warn('could not remember the AbuseIPDB quota', { error: describeError(error) });
      }
    },
  };
}
