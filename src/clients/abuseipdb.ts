/**
 * AbuseIPDB v2 `check`: what the community reports about one address. The daily quota is the
 * scarce resource here, so every answer's X-RateLimit-* headers are tracked and a 429 (quota
 * spent) is reported at once instead of retried.
 */
import { z } from 'zod';
import type { Clock, Http, HttpResponse, Logger } from '../ports';
import { hostOf } from '../ports';
import { quotaResetAt } from '../core/abuseipdb-quota';
import { IpVerdict } from '../core/model';
import {
  CredentialError,
  RateLimitError,
  RequestRejectedError,
  UnexpectedResponseError,
  type ExternalApiError,
} from './errors';
import {
  describeSchemaMismatch,
  isSuccess,
  loggedExchange,
  parseJson,
  parseJsonAs,
  withDetail,
  withoutQuery,
} from './exchange';
import type { RetryPolicy } from './retry';
import { DEFAULT_RETRY_POLICY, sendWithRetry } from './retry';

export const ABUSEIPDB_BASE_URL = 'https://api.abuseipdb.com/api/v2';

export interface AbuseIpdbQuota {
  limit?: number;
  remaining?: number;
  /** Unix ms when the quota resets. */
  resetAt?: number;
}

export interface AbuseIpdbClient {
  check(ip: string, options?: { verbose?: boolean }): Promise<IpVerdict>;
  /** The quota as the last answer reported it; undefined before the first answer. */
  quota(): AbuseIpdbQuota | undefined;
}

const WHAT = 'AbuseIPDB';
const MAX_ERROR_TEXT = 300;

/** `data` of a check answer. isWhitelisted, countryCode, domain and lastReportedAt may be null. */
const CheckData = z.object({
  ipAddress: z.string(),
  abuseConfidenceScore: z.number().int().min(0).max(100),
  totalReports: z.number().int().nonnegative(),
  numDistinctUsers: z.number().int().nonnegative(),
  isTor: z.boolean(),
  isWhitelisted: z.boolean().nullish(),
  countryCode: z.string().nullish(),
  countryName: z.string().nullish(),
  usageType: z.string().nullish(),
  isp: z.string().nullish(),
  domain: z.string().nullish(),
  lastReportedAt: z.string().nullish(),
});
const CheckEnvelope = z.object({ data: CheckData });

const ErrorBody = z.object({
  errors: z.array(z.object({ detail: z.string().optional() })),
});

export function createAbuseIpdbClient(deps: {
  http: Http;
  clock: Clock;
  logger: Logger;
  apiKey: string;
  baseUrl?: string | undefined;
  maxAgeInDays?: number;
  policy?: RetryPolicy;
  random?: (() => number) | undefined;
}): AbuseIpdbClient {
  const { http, clock, logger } = deps;
  const baseUrl = (deps.baseUrl ?? ABUSEIPDB_BASE_URL).replace(/\/+$/, '');
  const maxAgeInDays = deps.maxAgeInDays ?? 90;
  if (!Number.isInteger(maxAgeInDays) || maxAgeInDays < 1 || maxAgeInDays > 365) {
    throw new Error('AbuseIPDB maxAgeInDays must be a whole number of days from 1 to 365.');
  }
  let quota: AbuseIpdbQuota | undefined;

  function trackQuota(response: HttpResponse): void {
    const limit = headerNumber(response, 'x-ratelimit-limit');
    const remaining = headerNumber(response, 'x-ratelimit-remaining');
    const reset = headerNumber(response, 'x-ratelimit-reset');
    if (limit === undefined && remaining === undefined && reset === undefined) return;
    quota = {
      ...(limit !== undefined ? { limit } : {}),
      ...(remaining !== undefined ? { remaining } : {}),
      // Epoch seconds, per docs.abuseipdb.com.
      ...(reset !== undefined ? { resetAt: reset * 1000 } : {}),
    };
  }

  /** The one low-level call: auth, retry (not on 429), quota, status mapping, parsing. */
  async function request(url: string): Promise<unknown> {
    const headers = { Key: keyHeader(deps.apiKey), Accept: 'application/json' };
    const path = withoutQuery(new URL(url).pathname);
    const response = await sendWithRetry(
      async ({ timeoutMs }) => {
        const answer = await loggedExchange(
          () => http(url, { method: 'GET', headers, timeoutMs }),
          {
            service: 'abuseipdb',
            method: 'GET',
            host: hostOf(url),
            path,
            clock,
            logger,
          },
        );
        trackQuota(answer);
        return answer;
      },
      {
        service: 'abuseipdb',
        what: WHAT,
        clock,
        policy: deps.policy ?? DEFAULT_RETRY_POLICY,
        random: deps.random,
        logger,
        retryRateLimited: false,
      },
    );
    const text = await response.text();
    const { status } = response;
    if (!isSuccess(status)) throw errorFor(response, text);
    const json = parseJson(text);
    if (!json.ok) {
      // Without `Accept: application/json` AbuseIPDB answers HTML; a proxy page looks the same.
      throw new UnexpectedResponseError(
        'abuseipdb',
        `${WHAT} answered HTTP ${status} with something that is not JSON. Check that the ` +
          'AbuseIPDB address is reachable and not behind a login page.',
        status,
      );
    }
    return json.value;
  }

  function errorFor(response: HttpResponse, text: string): ExternalApiError {
    const { status } = response;
    const detail = abuseIpdbErrorText(text);
    if (status === 401 || status === 403) {
      return new CredentialError(
        'abuseipdb',
        `${WHAT} refused the API key (HTTP ${status}). Set a valid v2 key (the v1 key differs) ` +
          'in the project settings.',
        status,
      );
    }
    if (status === 429) {
      const now = clock.now();
      const retryAfterMs =
        quotaResetAt({
          now,
          retryAfter: response.headers.get('retry-after'),
          rateLimitReset: response.headers.get('x-ratelimit-reset'),
        }) - now;
      return new RateLimitError(
        'abuseipdb',
        `${WHAT} daily quota is used up (HTTP 429)${withDetail(detail)}. Verdicts stay ` +
          `pending and are filled in after the quota resets in about ${hours(retryAfterMs)} h.`,
        retryAfterMs,
        true,
      );
    }
    return new RequestRejectedError(
      'abuseipdb',
      `${WHAT} rejected the check (HTTP ${status})${withDetail(detail)}.`,
      status,
    );
  }

  return {
    async check(ip, options = {}) {
      const query =
        `ipAddress=${encodeURIComponent(ip)}&maxAgeInDays=${maxAgeInDays}` +
        (options.verbose ? '&verbose' : '');
      const json = await request(`${baseUrl}/check?${query}`);
      const envelope = CheckEnvelope.safeParse(json);
      if (!envelope.success) {
        throw new UnexpectedResponseError(
          'abuseipdb',
          `${WHAT} answered a check in an unexpected shape (at ` +
            `${describeSchemaMismatch(envelope.error)}).`,
        );
      }
      const data = envelope.data.data;
      return IpVerdict.parse({
        // The caller's form of the address, which is what it caches and matches by; AbuseIPDB
        // may write an IPv6 address differently.
        ip,
        abuseConfidenceScore: data.abuseConfidenceScore,
        totalReports: data.totalReports,
        numDistinctUsers: data.numDistinctUsers,
        countryCode: data.countryCode ?? null,
        ...(data.countryName !== undefined ? { countryName: data.countryName } : {}),
        usageType: data.usageType ?? null,
        isp: data.isp ?? null,
        domain: data.domain ?? null,
        isTor: data.isTor,
        isWhitelisted: data.isWhitelisted ?? null,
        lastReportedAt: data.lastReportedAt ?? null,
        maxAgeInDays,
        fetchedAt: clock.now(),
      });
    },
    quota: () => (quota ? { ...quota } : undefined),
  };
}

/**
 * The `Key` header value. A key with characters a header cannot carry would make fetch throw
 * with the value in its message, so it is refused here with a message of our own.
 */
function keyHeader(apiKey: string): string {
  const trimmed = apiKey.trim();
  if (trimmed === '' || !/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new CredentialError(
      'abuseipdb',
      `The ${WHAT} API key is empty or contains characters a key cannot have. Set a valid v2 key ` +
        'in the project settings.',
    );
  }
  return trimmed;
}

function headerNumber(response: HttpResponse, name: string): number | undefined {
  const value = response.headers.get(name);
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function abuseIpdbErrorText(text: string): string | undefined {
  const body = parseJsonAs(text, ErrorBody);
  if (!body) return undefined;
  const joined = body.errors
    .map((error) => error.detail)
    .filter((detail): detail is string => typeof detail === 'string' && detail.trim() !== '')
    .join('; ');
  if (joined === '') return undefined;
  return joined.length > MAX_ERROR_TEXT ? `${joined.slice(0, MAX_ERROR_TEXT)}…` : joined;
}

function hours(ms: number): number {
  return Math.max(1, Math.ceil(ms / 3_600_000));
}
