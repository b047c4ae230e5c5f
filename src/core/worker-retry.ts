/**
 * When the platform should deliver a tenant sync again after the worker failed in a way it did
 * not handle (storage down, a bug). Forge's async events API lets a consumer ask for a retry by
 * returning an `InvocationError` whose `retryAfter` is at most 900 s, and hands the retried event
 * a `retryContext.retryCount` (developer.atlassian.com/platform/forge/runtime-reference/
 * async-events-api, "Retries" and "Retry request"). A thrown error would instead be retried by
 * the platform for the event's whole 24 h retention window; asking explicitly bounds the count
 * and spaces the attempts out. Giving up loses nothing: the checkpoint and claims are stored, and
 * the next scheduled tick (five minutes) starts the tenant again from them.
 */

/** Retries after an unexpected failure; the first delivery is not one of them. */
export const MAX_WORKER_RETRIES = 4;
const FIRST_RETRY_SECONDS = 60;
/** Forge lowers any longer `retryAfter` to this. */
export const MAX_RETRY_AFTER_SECONDS = 900;

/**
 * Seconds until the next delivery for an event that has been retried `retryCount` times
 * (60, 120, 240, 480), or undefined when it has had its retries.
 */
export function retryAfterFailure(retryCount: number): number | undefined {
  const count = Math.max(0, Math.floor(retryCount));
  if (count >= MAX_WORKER_RETRIES) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, FIRST_RETRY_SECONDS * 2 ** count);
}
