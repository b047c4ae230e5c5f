/**
 * The retry policy of one tenant sync, carrying its deadline to every client the run creates.
 * The worker's deadline (queued-sync.ts: 600 s after the event started) is a soft budget: no
 * retry, no Retry-After wait and no throttle wait that would end after it is started, and the
 * run continues in a follow-up event instead; a first attempt still runs, so the page in flight
 * can create the issues of the alerts it has claimed. Forge stops a consumer at 900 s, and what
 * it stops loses the follow-up event; the 300 s between leave room for that page and the run's
 * record. The CLI has no deadline: the default policy.
 */
import type { RetryPolicy } from '../clients/retry';
import { DEFAULT_RETRY_POLICY, withBudget } from '../clients/retry';

export function runPolicy(deadline: number | undefined): RetryPolicy {
  return deadline === undefined
    ? DEFAULT_RETRY_POLICY
    : withBudget(DEFAULT_RETRY_POLICY, { deadline, hard: false });
}
