/**
 * A client-side limit of N requests per sliding window per key (e.g. per MCAS tenant), kept in
 * memory for the life of one client. A request that would exceed it waits for a slot when the
 * wait fits the budget, else gets a RateLimitError with the delay so the caller can re-queue.
 * `createThrottledSender` puts it in front of the retry policy for the alert APIs.
 */
import type { Clock, Http, HttpInit, HttpResponse, Logger } from '../ports';
import { hostOf } from '../ports';
import type { Service } from './errors';
import { RateLimitError } from './errors';
import { loggedExchange } from './exchange';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from './retry';

export interface SlidingWindowThrottle {
  /** Resolves when a request for `key` may go out; `what` names it in the error message. */
  acquire(key: string, what: string): Promise<void>;
}

export function createSlidingWindowThrottle(options: {
  service: Service;
  clock: Clock;
  limit: number;
  windowMs: number;
  maxWaitMs: number;
  /** Epoch ms: a wait for a slot that would end after it is not started either. */
  deadline?: number;
}): SlidingWindowThrottle {
  const { service, clock, windowMs, maxWaitMs, deadline } = options;
  const limit = Math.max(1, Math.floor(options.limit));
  /** Per key, the send times granted so far (some may lie in the future), in ascending order. */
  const granted = new Map<string, number[]>();

  return {
    async acquire(key, what) {
      const now = clock.now();
      const times = (granted.get(key) ?? []).filter((at) => at > now - windowMs);
      // The slot is reserved before sleeping, synchronously, so concurrent callers for one key
      // queue behind each other instead of all seeing the same free slot.
      const blocking = times.length >= limit ? times[times.length - limit] : undefined;
      const at = blocking === undefined ? now : Math.max(now, blocking + windowMs);
      const waitMs = at - now;
      if (waitMs > maxWaitMs || (deadline !== undefined && at > deadline)) {
        granted.set(key, times);
        throw new RateLimitError(
          service,
          `${what} allows ${limit} requests per ${Math.round(windowMs / 1000)} s and that budget ` +
            `is used up for the next ${Math.ceil(waitMs / 1000)} s. The work continues after that pause.`,
          waitMs,
        );
      }
      times.push(at);
      granted.set(key, times);
      if (waitMs > 0) await clock.sleep(waitMs);
    },
  };
}

/**
 * The calls of an API limited per key per minute (MCAS 30 per tenant, Graph 150 per app and
 * tenant), sent with the one retry policy. Every attempt, retries included, waits for a slot in
 * its key's window: a retried call counts against the documented limit like any other.
 */
export function createThrottledSender(deps: {
  service: Service;
  http: Http;
  clock: Clock;
  logger: Logger;
  policy: RetryPolicy;
  random?: (() => number) | undefined;
  requestsPerMinute: number;
}): (key: string, what: string, url: string, init: HttpInit) => Promise<HttpResponse> {
  const { service, http, clock, logger, policy, random } = deps;
  const throttle = createSlidingWindowThrottle({
    service,
    clock,
    limit: deps.requestsPerMinute,
    windowMs: 60_000,
    maxWaitMs: policy.maxWaitMs,
    ...(policy.budget ? { deadline: policy.budget.deadline } : {}),
  });
  return (key, what, url, init) =>
    sendWithRetry(
      async ({ timeoutMs }) => {
        await throttle.acquire(key, what);
        return loggedExchange(() => http(url, { ...init, timeoutMs }), {
          service,
          method: init.method,
          host: hostOf(url),
          path: new URL(url).pathname,
          clock,
          logger,
        });
      },
      { service, what, clock, policy, random, logger },
    );
}

/** What a per-key limited client (MCAS, Graph) is built from; unset parts take the defaults. */
export interface ThrottledClientDeps {
  http: Http;
  clock: Clock;
  logger: Logger;
  policy?: RetryPolicy;
  random?: (() => number) | undefined;
  requestsPerMinute?: number;
}

/** The client's sender, with the one retry policy and the API's documented limit by default. */
export function throttledSenderFor(
  service: Service,
  deps: ThrottledClientDeps,
  documentedRequestsPerMinute: number,
): ReturnType<typeof createThrottledSender> {
  return createThrottledSender({
    service,
    http: deps.http,
    clock: deps.clock,
    logger: deps.logger,
    policy: deps.policy ?? DEFAULT_RETRY_POLICY,
    random: deps.random,
    requestsPerMinute: deps.requestsPerMinute ?? documentedRequestsPerMinute,
  });
}
