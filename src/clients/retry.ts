/**
 * The one retry policy every client uses. A call is retried when the service is throttling
 * (429, honouring its wait hint), failing (5xx) or unreachable (the request threw); anything
 * else is handed back for the client to map. Waits go through `Clock.sleep` so tests never
 * really wait, and a wait longer than `maxWaitMs` is not slept through: the caller gets a
 * RateLimitError with `retryAfterMs` and a queue consumer can re-queue with that delay instead
 * of burning its time budget.
 */
import type { Clock, HttpResponse, Logger } from '../ports';
import { silentLogger } from '../ports';
import type { Service } from './errors';
import { ExternalApiError, RateLimitError, UnavailableError } from './errors';
import { UnsafeRouteValueError } from './jira-route';

export interface RetryPolicy {
  /** Calls in total, the first one included. */
  maxAttempts: number;
  /** Backoff ceiling before the first retry; doubles with each further attempt. */
  baseDelayMs: number;
  /** Backoff ceiling for any single retry. */
  maxDelayMs: number;
  /**
   * Longest single wait (Retry-After or backoff) the call sleeps through; longer → throw
   * RateLimitError so a queue consumer can re-queue instead.
   */
  maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 60_000,
};

const DELTA_SECONDS = /^\s*\d+(\.\d+)?\s*$/;
/** A numeric X-RateLimit-Reset below this (2001-09-09 in epoch seconds) is a delta, not a time. */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;
/** A numeric X-RateLimit-Reset above this is already in milliseconds. */
const EPOCH_MILLISECONDS_FLOOR = 100_000_000_000;

/**
 * How long the server asked us to wait, in ms. `Retry-After` is either delta seconds or an HTTP
 * date (RFC 9110 §10.2.3). Without it, `X-RateLimit-Reset` says when the window resets: AbuseIPDB
 * sends epoch seconds, Jira an ISO 8601 time; both are accepted. Undefined when neither parses.
 */
export function parseRetryAfter(
  headers: { get(name: string): string | null },
  nowMs: number,
): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    if (DELTA_SECONDS.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && reset.trim() !== '') {
    if (DELTA_SECONDS.test(reset)) {
      const value = Number(reset);
      if (value < EPOCH_SECONDS_FLOOR) return Math.ceil(value * 1000);
      const atMs = value < EPOCH_MILLISECONDS_FLOOR ? value * 1000 : value;
      return Math.max(0, Math.ceil(atMs - nowMs));
    }
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(0, at - nowMs);
  }
  return undefined;
}

/**
 * Exponential backoff with full jitter (a uniformly random wait below the exponential ceiling),
 * so clients that failed together do not retry together. `attempt` is the 1-based number of the
 * attempt that just failed.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}

export interface SendWithRetryOptions {
  service: Service;
  /** Who is being called, for messages and logs, e.g. `MCAS tenant "Contoso EU"`. */
  what: string;
  clock: Clock;
  policy?: RetryPolicy;
  random?: () => number;
  logger?: Logger;
  /**
   * false: a 429 is handed back to the caller unretried. AbuseIPDB's 429 means the daily quota
   * is spent, which no retry within this call can fix.
   */
  retryRateLimited?: boolean;
  /**
   * false for calls that must not happen twice (creating issues, adding comments): a dropped
   * connection or a 500/502/504 may come after the server acted, so they are not retried here;
   * the caller's own record (the alert claim, reconciled by search) decides what happens next.
   * 429 and 503 say the request was not processed and are still retried.
   */
  idempotent?: boolean;
}

/**
 * Sends, retrying what is worth retrying; returns the first response that is neither 429 nor
 * 5xx. Throws RateLimitError or UnavailableError once retrying is no longer worth it.
 */
export async function sendWithRetry(
  send: () => Promise<HttpResponse>,
  options: SendWithRetryOptions,
): Promise<HttpResponse> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const { clock, service, what } = options;
  const retryRateLimited = options.retryRateLimited ?? true;
  const idempotent = options.idempotent ?? true;
  const maxAttempts = Math.max(1, policy.maxAttempts);

  for (let attempt = 1; ; attempt += 1) {
    let response: HttpResponse;
    try {
      response = await send();
    } catch (error) {
      if (!isRetryableThrow(error)) throw error;
      const reason = networkFailureReason(error);
      if (!idempotent) {
        throw new UnavailableError(
          service,
          `${what} did not answer (${reason}); whether it acted is unknown, so the call is not repeated.`,
        );
      }
      if (attempt >= maxAttempts) {
        throw new UnavailableError(
          service,
          `${what} could not be reached after ${attempt} attempt${plural(attempt)} (${reason}). ` +
            'Check the URL and the network; the next run will try again.',
        );
      }
      const waitMs = backoffDelay(attempt, policy, random);
      logger.warn('request failed, retrying', { service, attempt, reason, waitMs });
      await clock.sleep(waitMs);
      continue;
    }

    const { status } = response;
    if (status === 429 && retryRateLimited) {
      const hinted = parseRetryAfter(response.headers, clock.now());
      const waitMs = hinted ?? backoffDelay(attempt, policy, random);
      if (waitMs > policy.maxWaitMs) {
        logger.warn('rate limited beyond the wait budget', { service, attempt, status, waitMs });
        throw new RateLimitError(
          service,
          `${what} is rate-limiting requests (HTTP 429) and asked for a ${seconds(waitMs)} s ` +
            'pause, longer than this call may wait. The work continues after that pause.',
          waitMs,
        );
      }
      if (attempt >= maxAttempts) {
        throw new RateLimitError(
          service,
          `${what} kept rate-limiting requests (HTTP 429) through ${attempt} attempts. ` +
            `Try again in ${seconds(waitMs)} s; fewer tenants or a slower schedule help.`,
          waitMs,
        );
      }
      logger.warn('rate limited, waiting', { service, attempt, status, waitMs });
      await clock.sleep(waitMs);
      continue;
    }

    if (status >= 500 && status <= 599) {
      if (attempt >= maxAttempts || (!idempotent && status !== 503)) {
        throw new UnavailableError(
          service,
          `${what} answered HTTP ${status} on ${attempt} attempt${plural(attempt)}. ` +
            'The service looks unavailable; the next run will try again.',
          status,
        );
      }
      // A 503 may carry Retry-After too (RFC 9110 §15.6.4): honour it rather than fight it.
      const hinted = parseRetryAfter(response.headers, clock.now());
      if (hinted !== undefined && hinted > policy.maxWaitMs) {
        throw new UnavailableError(
          service,
          `${what} answered HTTP ${status} and asked for a ${seconds(hinted)} s pause, longer ` +
            'than this call may wait. The next run will try again.',
          status,
        );
      }
      const waitMs = hinted ?? backoffDelay(attempt, policy, random);
      logger.warn('server error, retrying', { service, attempt, status, waitMs });
      await clock.sleep(waitMs);
      continue;
    }

    return response;
  }
}

/**
 * Our own typed errors (e.g. a client-side throttle's RateLimitError) and a refused route are
 * decisions, not transport failures: retrying them would only repeat them.
 */
function isRetryableThrow(error: unknown): boolean {
  return !(error instanceof ExternalApiError || error instanceof UnsafeRouteValueError);
}

/**
 * A short, secret-free reason for a thrown request: the error's name and the system error code
 * (Node's fetch wraps ECONNRESET and friends in `cause`). The message itself is not used because
 * an adapter's message may quote the URL or a header.
 */
export function networkFailureReason(error: unknown): string {
  if (!(error instanceof Error)) return 'request failed';
  const code = errorCode(error) ?? errorCode(error.cause);
  return code ? `${error.name}: ${code}` : error.name;
}

function errorCode(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('code' in value)) return undefined;
  const { code } = value;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : undefined;
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

function plural(count: number): string {
  return count === 1 ? '' : 's';
}
