/**
 * The one retry policy every client uses. A call is retried when the service is throttling
 * (429, honouring its wait hint), failing (5xx) or unreachable (the request threw or timed out);
 * anything else is handed back for the client to map. Waits go through `Clock.sleep` so tests
 * never really wait, and a wait longer than `maxWaitMs` is not slept through: the caller gets a
 * RateLimitError with `retryAfterMs` and a queue consumer can re-queue with that delay instead
 * of burning its time budget.
 *
 * A policy may carry the caller's budget (`withBudget`): the instant it must be done by. A retry,
 * or a wait for one, that would end after it is not started. Forge stops a resolver at 25 s and a
 * queue consumer at 900 s, and what it stops mid-call is lost: the answer to the page, or the
 * worker's follow-up event.
 */
import type { Clock, HttpResponse, Logger } from '../ports';
import { HttpTimeoutError, formatDuration, silentLogger } from '../ports';
import type { Service } from './errors';
import {
  DeadlineError,
  ExternalApiError,
  NoAnswerError,
  RateLimitError,
  UnavailableError,
} from './errors';
import { UnsafeRouteValueError } from './jira-route';

/** When a caller must be done, and how strictly. */
export interface CallBudget {
  /** Epoch ms. */
  deadline: number;
  /**
   * true (resolvers): every attempt, the first included, is cut off at the deadline, so the call
   * settles inside it whatever the host does. false (the worker): retries and waits are held to
   * it, but a first attempt after it still gets its full timeout, so the page in flight can
   * still create the issues of the alerts it has claimed.
   */
  hard: boolean;
}

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
  /** Longest one attempt may take, headers and body; DEFAULT_ATTEMPT_TIMEOUT_MS when absent. */
  attemptTimeoutMs?: number;
  /** The caller's deadline; absent: only the limits above apply. */
  budget?: CallBudget;
}

/** Forge's own fetch budget, which the adapters also apply when a call names none. */
export const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;
/** Under a hard budget, an attempt with less time than this left is not started. */
export const MIN_ATTEMPT_MS = 1_000;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 60_000,
  attemptTimeoutMs: DEFAULT_ATTEMPT_TIMEOUT_MS,
};

/** The policy with the caller's deadline: one object handed to every client of a run or a call. */
export function withBudget(policy: RetryPolicy, budget: CallBudget): RetryPolicy {
  return { ...policy, budget };
}

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
  random?: (() => number) | undefined;
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

/** What one attempt may take: the send function passes it on to the adapter. */
export interface Attempt {
  timeoutMs: number;
}

/**
 * Sends, retrying what is worth retrying; returns the first response that is neither 429 nor
 * 5xx. Throws RateLimitError or UnavailableError once retrying is no longer worth it, and
 * DeadlineError when a retry would not end before a soft budget's deadline.
 */
export async function sendWithRetry(
  send: (attempt: Attempt) => Promise<HttpResponse>,
  options: SendWithRetryOptions,
): Promise<HttpResponse> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const logger = options.logger ?? silentLogger;
  const { clock, service, what } = options;
  const retryRateLimited = options.retryRateLimited ?? true;
  const idempotent = options.idempotent ?? true;
  const maxAttempts = Math.max(1, policy.maxAttempts);
  const attemptTimeoutMs = policy.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const { budget } = policy;

  /** A retry after `waitMs` fits when its wait and a whole attempt end before the deadline. */
  const retryFits = (waitMs: number): boolean =>
    budget === undefined || clock.now() + waitMs + attemptTimeoutMs <= budget.deadline;
  /**
   * A retry that does not fit: under a soft budget the caller continues later (the worker's
   * follow-up event); under a hard one the failure is reported as it is, like a last attempt.
   */
  const outOfTime = (failure: string, waitMs: number, lastAttempt: () => Error): Error => {
    if (budget !== undefined && !budget.hard) {
      logger.warn('no time left for a retry', { service, waitMs });
      return new DeadlineError(
        service,
        `${failure}; no time is left in this run to try again, so the work continues after a pause.`,
        Math.max(1_000, waitMs),
      );
    }
    return lastAttempt();
  };

  for (let attempt = 1; ; attempt += 1) {
    let timeoutMs = attemptTimeoutMs;
    if (budget?.hard) {
      const left = budget.deadline - clock.now();
      if (left < MIN_ATTEMPT_MS) {
        throw new UnavailableError(
          service,
          `${what} was not called: the time this request may take is used up. Try again.`,
        );
      }
      timeoutMs = Math.min(timeoutMs, left);
    }

    let response: HttpResponse;
    try {
      response = await send({ timeoutMs });
    } catch (error) {
      if (!isRetryableThrow(error)) throw error;
      const reason = networkFailureReason(error);
      const timeout = error instanceof HttpTimeoutError ? error : undefined;
      const timedOut = timeout !== undefined ? timeoutText(timeout, what) : undefined;
      const unavailable = (message: string) =>
        timeout !== undefined
          ? new NoAnswerError(service, message, timeout.host, timeout.timeoutMs)
          : new UnavailableError(service, message);
      if (!idempotent) {
        throw unavailable(
          `${timedOut ?? `${what} did not answer (${reason})`}; whether it acted is unknown, ` +
            'so the call is not repeated.',
        );
      }
      const failure = timedOut ?? `${what} could not be reached (${reason})`;
      const exhausted = () =>
        unavailable(
          timedOut !== undefined
            ? `${timedOut}, ${attempt} attempt${plural(attempt)}. Check the URL and that the ` +
                'host answers.'
            : `${what} could not be reached after ${attempt} attempt${plural(attempt)} ` +
                `(${reason}). Check the URL and the network; the next run will try again.`,
        );
      if (attempt >= maxAttempts) throw exhausted();
      const waitMs = backoffDelay(attempt, policy, random);
      if (!retryFits(waitMs)) throw outOfTime(failure, waitMs, exhausted);
      logger.warn('request failed, retrying', { service, attempt, reason, waitMs });
      await clock.sleep(waitMs);
      continue;
    }

    const { status } = response;
    if (status === 429 && retryRateLimited) {
      const hinted = parseRetryAfter(response.headers, clock.now());
      const waitMs = hinted ?? backoffDelay(attempt, policy, random);
      // A wait that would cross the deadline is the caller's to make (a follow-up event).
      if (waitMs > policy.maxWaitMs || !retryFits(waitMs)) {
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
      const failure = `${what} answered HTTP ${status}`;
      const exhausted = () =>
        new UnavailableError(
          service,
          `${failure} on ${attempt} attempt${plural(attempt)}. ` +
            'The service looks unavailable; the next run will try again.',
          status,
        );
      if (attempt >= maxAttempts || (!idempotent && status !== 503)) throw exhausted();
      // A 503 may carry Retry-After too (RFC 9110 §15.6.4): honour it rather than fight it.
      const hinted = parseRetryAfter(response.headers, clock.now());
      if (hinted !== undefined && hinted > policy.maxWaitMs) {
        throw new UnavailableError(
          service,
          `${failure} and asked for a ${seconds(hinted)} s pause, longer ` +
            'than this call may wait. The next run will try again.',
          status,
        );
      }
      const waitMs = hinted ?? backoffDelay(attempt, policy, random);
      if (!retryFits(waitMs)) throw outOfTime(failure, waitMs, exhausted);
      logger.warn('server error, retrying', { service, attempt, status, waitMs });
      await clock.sleep(waitMs);
      continue;
    }

    return response;
  }
}

/** "contoso.portal.cloudappsecurity.com did not answer within 8 s (MCAS tenant "Contoso")". */
function timeoutText(error: HttpTimeoutError, what: string): string {
  return `${error.host} did not answer within ${formatDuration(error.timeoutMs)} (${what})`;
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
