/**
 * The project's AbuseIPDB quota state kept between runs: once the daily quota is known to be
 * spent, every later run and every issue-panel re-check reads it here and sends no check before
 * the reset. One read per run or panel call; one write when exhaustion is learnt, with a TTL to
 * the reset so the key goes away by itself (Forge KVS `ttl`).
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

export interface QuotaMemory {
  /** Unix ms before which no check may be sent, when the quota is known to be spent. */
  exhaustedUntil(): number | undefined;
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
  return {
    exhaustedUntil: () => activeExhaustion(known, clock.now())?.until,
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
