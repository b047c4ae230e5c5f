/**
 * When AbuseIPDB look-ups may resume once the daily quota is spent, and what is remembered of it.
 *
 * AbuseIPDB answers a spent quota with 429, `Retry-After` (seconds) and `X-RateLimit-Reset`
 * (epoch seconds), and every answer carries `X-RateLimit-Remaining` (docs.abuseipdb.com, "API
 * daily rate limits"). A refused call does not help anyone, so the reset is stored and no check is
 * sent before it, by any run or panel; and an answer that says 0 remain is taken as exhaustion at
 * once, so the refusal is not even needed to learn it.
 */
import { z } from 'zod';

/** Neither header on a 429: ask again in an hour, not sooner. */
export const QUOTA_FALLBACK_WAIT_MS = 60 * 60 * 1000;
/**
 * The quota is daily: a reset further away than a day and an hour is a broken header, and
 * believing it would stop the look-ups for good.
 */
export const QUOTA_MAX_WAIT_MS = 25 * 60 * 60 * 1000;

/** Stored under `keys.abuseIpdbQuota(projectKey)` until `until` (also its TTL). */
export const QuotaExhaustion = z.object({
  /** Unix ms: no AbuseIPDB check is sent before it. */
  until: z.number().int().nonnegative(),
  /** Unix ms when it was learnt. */
  at: z.number().int().nonnegative(),
  /** `refused`: AbuseIPDB answered 429; `spent`: an answer said X-RateLimit-Remaining: 0. */
  how: z.enum(['refused', 'spent']),
});
export type QuotaExhaustion = z.infer<typeof QuotaExhaustion>;

const SECONDS = /^\s*\d+(\.\d+)?\s*$/;
/** Values below this are a number of seconds to wait rather than a Unix time in seconds. */
const EPOCH_SECONDS_FLOOR = 1_000_000_000;

/** Unix ms named by one header, or undefined when it names nothing usable. */
function headerTime(value: string | null | undefined, now: number, kind: 'delay' | 'epoch') {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  if (SECONDS.test(value)) {
    const number = Number(value);
    // Retry-After is a delay in seconds (RFC 9110); X-RateLimit-Reset is epoch seconds, but a
    // small number there can only be meant as a delay.
    return kind === 'delay' || number < EPOCH_SECONDS_FLOOR
      ? now + Math.ceil(number * 1000)
      : number * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date;
}

/**
 * The time the quota resets, from a refusal's headers: the later of `Retry-After` and
 * `X-RateLimit-Reset` (both name the same reset; the later one is never too early), within
 * `QUOTA_MAX_WAIT_MS`; an hour when neither says.
 */
export function quotaResetAt(headers: {
  now: number;
  retryAfter?: string | null;
  rateLimitReset?: string | null;
}): number {
  const { now } = headers;
  const named = [
    headerTime(headers.retryAfter, now, 'delay'),
    headerTime(headers.rateLimitReset, now, 'epoch'),
  ].filter((at): at is number => at !== undefined && at > now);
  const at = named.length > 0 ? Math.max(...named) : now + QUOTA_FALLBACK_WAIT_MS;
  return Math.min(at, now + QUOTA_MAX_WAIT_MS);
}

/** The exhaustion still in force at `now`, if any. */
export function activeExhaustion(
  stored: QuotaExhaustion | undefined,
  now: number,
): QuotaExhaustion | undefined {
  return stored !== undefined && stored.until > now ? stored : undefined;
}

/** What the run summary and the panel say while look-ups wait for the reset. */
export function quotaWaitMessage(until: number): string {
  return (
    `AbuseIPDB daily quota is used up; look-ups resume at ${new Date(until).toISOString()} ` +
    'and the pending verdicts are filled in then.'
  );
}
