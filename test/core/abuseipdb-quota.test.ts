import {
  QUOTA_FALLBACK_WAIT_MS,
  QUOTA_MAX_WAIT_MS,
  QuotaExhaustion,
  activeExhaustion,
  quotaResetAt,
  quotaWaitMessage,
} from '../../src/core/abuseipdb-quota';

const now = Date.UTC(2026, 10, 30, 14, 0, 0);
const midnight = Date.UTC(2026, 11, 1, 0, 0, 0);

describe('quotaResetAt (a 429 from AbuseIPDB)', () => {
  it('reads Retry-After as seconds from now', () => {
    expect(quotaResetAt({ now, retryAfter: '36000' })).toBe(now + 36_000_000);
  });

  it('reads X-RateLimit-Reset as epoch seconds', () => {
    expect(quotaResetAt({ now, rateLimitReset: String(midnight / 1000) })).toBe(midnight);
  });

  it('takes the later of the two, so no check goes out before either says', () => {
    const headers = { now, retryAfter: '60', rateLimitReset: String(midnight / 1000) };
    expect(quotaResetAt(headers)).toBe(midnight);
    expect(quotaResetAt({ ...headers, retryAfter: String((midnight - now) / 1000 + 30) })).toBe(
      midnight + 30_000,
    );
  });

  it('reads an HTTP date in Retry-After', () => {
    expect(quotaResetAt({ now, retryAfter: new Date(midnight).toUTCString() })).toBe(midnight);
  });

  it('waits an hour when neither header names a future time', () => {
    expect(quotaResetAt({ now })).toBe(now + QUOTA_FALLBACK_WAIT_MS);
    expect(quotaResetAt({ now, retryAfter: 'soon', rateLimitReset: '' })).toBe(
      now + QUOTA_FALLBACK_WAIT_MS,
    );
    expect(quotaResetAt({ now, rateLimitReset: String((now - 60_000) / 1000) })).toBe(
      now + QUOTA_FALLBACK_WAIT_MS,
    );
  });

  it('never believes a reset more than a day and an hour away (the quota is daily)', () => {
    expect(quotaResetAt({ now, retryAfter: String(30 * 86_400) })).toBe(now + QUOTA_MAX_WAIT_MS);
  });
});

describe('activeExhaustion', () => {
  const stored = QuotaExhaustion.parse({ until: midnight, at: now, how: 'refused' });

  it('holds until the reset and no longer', () => {
    expect(activeExhaustion(stored, now)).toEqual(stored);
    expect(activeExhaustion(stored, midnight - 1)).toEqual(stored);
    expect(activeExhaustion(stored, midnight)).toBeUndefined();
    expect(activeExhaustion(undefined, now)).toBeUndefined();
  });

  it('says when look-ups resume', () => {
    expect(quotaWaitMessage(midnight)).toContain('look-ups resume at 2026-12-01T00:00:00.000Z');
  });
});
