/**
 * Failed alerts an admin asked to retry: fetched by id, and only the claims of alerts the source
 * returned are reopened (`reopenedByHand`). An alert it no longer has (or a fetch that fails)
 * leaves its claim parked, so it stays in the settings page's list instead of vanishing behind
 * the checkpoint.
 */
import type { AlertSource } from './alert-source';
import { resultId } from './alert-source';
import type { ClaimChange } from './claim-ledger';
import { claimTransitions } from './claim-ledger';
import { claimPage } from './claim-page';
import { flushBatch } from './create-and-record';
import { newRunBatch } from './run-batch';
import type { RunContext } from './run-context';

/** Failed alerts retried by hand are fetched and created this many at a time. */
const RETRY_CHUNK = 100;

export async function retryFailedAlerts(
  context: RunContext,
  source: AlertSource,
  alertIds: string[],
): Promise<void> {
  const { deps, summary, ledger } = context;
  for (let start = 0; start < alertIds.length; start += RETRY_CHUNK) {
    const ids = alertIds.slice(start, start + RETRY_CHUNK);
    const claims = await ledger.read(ids);
    const results = await source.byIds(
      ids.map((id) => {
        const timestamp = claims.get(id)?.timestamp;
        return timestamp !== undefined ? { id, timestamp } : { id };
      }),
    );
    const returned = new Set(results.map(resultId));
    const reopened: ClaimChange[] = [];
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
        reopened.push({ alertId, claim: claimTransitions.reopenedByHand(claim, deps.clock.now()) });
      }
    }
    await ledger.record(reopened);
    const batch = newRunBatch();
    await claimPage(context, results, undefined, batch);
    await flushBatch(context, batch, true);
  }
}
