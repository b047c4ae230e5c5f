/**
 * Retries of Forge storage calls. Forge answers a request over an installation's storage limits
 * (4,000 reads and 4,000 writes a minute, 1,000 requests a second:
 * https://developer.atlassian.com/platform/forge/platform-quotas-and-limits/) with 429
 * `RATE_LIMIT_EXCEEDED`, and an outage with a 5xx. `@forge/kvs` turns every non-2xx answer into a
 * `ForgeKvsAPIError` that keeps the status and the body's code but no response headers
 * (`out/utils/error-handling.js`, `checkResponseError`), so there is no `Retry-After` to honour:
 * the wait is an exponential backoff with jitter. When the refusals outlast it, the call throws
 * `StoreUnavailableError` and the worker continues in a follow-up event after a whole limit window
 * instead of failing the run (docs/architecture.md, "Forge KVS budget").
 */
import { ForgeKvsAPIError } from '@forge/kvs';
import type { Clock } from '../ports';
import { StoreUnavailableError } from '../ports';

/** Attempts of one storage call: the first and three retries, about 0.5 + 1 + 2 s of waiting. */
export const KVS_ATTEMPTS = 4;
const BASE_DELAY_MS = 500;
/** The limits are per minute: after a persisting 429 the next try waits one whole window. */
export const KVS_LIMIT_WINDOW_MS = 60_000;
/** A 5xx that outlasted the retries: try again soon, the data is fine. */
const OUTAGE_RETRY_MS = 30_000;

/** One key a `kvs.batchSet`/`batchGet` could not handle (the call itself succeeded). */
export class KvsBatchKeysFailedError extends Error {
  constructor(readonly codes: string[]) {
    super(`Forge storage could not handle ${codes.length} key(s) of a batch (${codes[0] ?? '?'})`);
    this.name = 'KvsBatchKeysFailedError';
  }
}

/** A 429 or 5xx, or keys a batch refused: worth another try. Anything else is the caller's bug. */
export function isTransientKvsError(error: unknown): boolean {
  if (error instanceof KvsBatchKeysFailedError) return true;
  if (!(error instanceof ForgeKvsAPIError)) return false;
  const status = error.responseDetails.status;
  return status === 429 || status >= 500 || error.code === 'RATE_LIMIT_EXCEEDED';
}

function isRateLimit(error: unknown): boolean {
  if (error instanceof KvsBatchKeysFailedError)
    return error.codes.some((code) => code === 'RATE_LIMIT_EXCEEDED');
  return (
    error instanceof ForgeKvsAPIError &&
    (error.responseDetails.status === 429 || error.code === 'RATE_LIMIT_EXCEEDED')
  );
}

export interface KvsRetryOptions {
  clock: Clock;
  random?: (() => number) | undefined;
}

/**
 * Runs `call` until it succeeds, fails for good, or has been refused `KVS_ATTEMPTS` times. Only
 * safe for calls whose repetition is harmless (a get, a set of the same value, a delete).
 */
export async function withKvsRetry<T>(
  call: () => Promise<T>,
  options: KvsRetryOptions,
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!isTransientKvsError(error)) throw error;
      if (attempt >= KVS_ATTEMPTS) {
        const limited = isRateLimit(error);
        // The message names the status and code only: a storage error carries no secret, but
        // its context may echo a value, which must not reach the run history.
        const what =
          error instanceof ForgeKvsAPIError
            ? `${error.responseDetails.status} ${error.code}`
            : (error as Error).message;
        throw new StoreUnavailableError(
          `Forge storage ${limited ? 'rate limit reached' : 'unavailable'} (${what}, ${attempt} attempts).`,
          limited ? KVS_LIMIT_WINDOW_MS : OUTAGE_RETRY_MS,
        );
      }
      const delay = BASE_DELAY_MS * 2 ** (attempt - 1);
      await options.clock.sleep(Math.round(delay / 2 + random() * (delay / 2)));
    }
  }
}
