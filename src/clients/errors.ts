/**
 * One error hierarchy for every external API. Clients translate HTTP outcomes into these once;
 * the sync engine and the resolvers decide what each means for the user. Messages never contain
 * a token, a key or a request body.
 */
/**
 * `entra`: the Microsoft identity platform that issues tokens to Entra apps; `graph`: Microsoft
 * Graph's security alerts_v2, the other alert source.
 */
export type Service = 'mcas' | 'graph' | 'abuseipdb' | 'jira' | 'entra';

export class ExternalApiError extends Error {
  constructor(
    readonly service: Service,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401/403: the token or key is wrong, revoked or lacks rights. Retrying will not help. */
export class CredentialError extends ExternalApiError {}

/**
 * 429 that we should not wait out inside this call: the wait is longer than the caller's budget,
 * or (AbuseIPDB) the daily quota is spent. `retryAfterMs` says when to try again.
 */
export class RateLimitError extends ExternalApiError {
  constructor(
    service: Service,
    message: string,
    readonly retryAfterMs: number,
    readonly quotaExhausted = false,
  ) {
    super(service, message, 429);
  }
}

/**
 * A retry, or a wait for one, would end after the caller's deadline, so it was not started
 * (clients/retry.ts). It is a RateLimitError because every caller already treats one as "stop
 * here, continue after `retryAfterMs`": the worker ends its run with a follow-up event (Forge
 * kills a consumer at 900 s, which would lose it), a resolver answers before Forge's 25 s.
 */
export class DeadlineError extends RateLimitError {
  /** Not a 429 from anyone: the caller ran out of time. */
  override readonly status = undefined;
}

/** 400/422: the request itself is wrong (bad filter, bad parameter, invalid issue payload). */
export class RequestRejectedError extends ExternalApiError {
  constructor(
    service: Service,
    message: string,
    status: number,
    /** Field → message, as Jira reports them. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(service, message, status);
  }
}

/** 5xx, dropped connections and timeouts that outlasted the retries. */
export class UnavailableError extends ExternalApiError {}

/** A host that did not answer within the attempt's time limit, named with the time waited. */
export class NoAnswerError extends UnavailableError {
  constructor(
    service: Service,
    message: string,
    readonly host: string,
    readonly timeoutMs: number,
  ) {
    super(service, message);
  }
}

/** The service answered 2xx with a body that does not match its documented shape. */
export class UnexpectedResponseError extends ExternalApiError {}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
