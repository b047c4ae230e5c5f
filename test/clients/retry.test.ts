import { CredentialError, RateLimitError, UnavailableError } from '../../src/clients/errors';
import {
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  parseRetryAfter,
  sendWithRetry,
} from '../../src/clients/retry';
import type { HttpResponse } from '../../src/ports';
import {
  START,
  TEST_POLICY,
  answer,
  connectionReset,
  fakeClock,
  recordingLogger,
  rejection,
  type Script,
} from './fakes';

function headers(values: Record<string, string>): { get(name: string): string | null } {
  return answer(200, '', values).headers;
}

function scripted(...script: Script[]): (() => Promise<HttpResponse>) & { count: () => number } {
  let count = 0;
  const send = (): Promise<HttpResponse> => {
    count += 1;
    const item = script.shift();
    if (item === undefined) return Promise.reject(new Error('no scripted answer left'));
    return item instanceof Error ? Promise.reject(item) : Promise.resolve(item);
  };
  return Object.assign(send, { count: () => count });
}

const what = 'MCAS tenant "Contoso EU"';

describe('parseRetryAfter', () => {
  it('reads Retry-After in seconds', () => {
    expect(parseRetryAfter(headers({ 'Retry-After': '120' }), START)).toBe(120_000);
    expect(parseRetryAfter(headers({ 'Retry-After': '1.5' }), START)).toBe(1_500);
  });

  it('reads Retry-After as an HTTP date, never negative', () => {
    const in30s = new Date(START + 30_000).toUTCString();
    expect(parseRetryAfter(headers({ 'Retry-After': in30s }), START)).toBe(30_000);
    const past = new Date(START - 30_000).toUTCString();
    expect(parseRetryAfter(headers({ 'Retry-After': past }), START)).toBe(0);
  });

  it('falls back to X-RateLimit-Reset in epoch seconds (AbuseIPDB) or ISO time (Jira)', () => {
    const resetSeconds = String(Math.floor((START + 90_000) / 1000));
    expect(parseRetryAfter(headers({ 'X-RateLimit-Reset': resetSeconds }), START)).toBe(90_000);
    const iso = new Date(START + 45_000).toISOString();
    expect(parseRetryAfter(headers({ 'X-RateLimit-Reset': iso }), START)).toBe(45_000);
  });

  it('prefers Retry-After over X-RateLimit-Reset', () => {
    const reset = String(Math.floor((START + 90_000) / 1000));
    expect(
      parseRetryAfter(headers({ 'Retry-After': '5', 'X-RateLimit-Reset': reset }), START),
    ).toBe(5_000);
  });

  it('gives undefined when there is no usable hint', () => {
    expect(parseRetryAfter(headers({}), START)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'Retry-After': 'soon' }), START)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1_000, maxWaitMs: 5_000 };

  it('doubles the ceiling per attempt and caps it at maxDelayMs', () => {
    const top = () => 0.999_999;
    expect(backoffDelay(1, policy, top)).toBe(99);
    expect(backoffDelay(2, policy, top)).toBe(199);
    expect(backoffDelay(3, policy, top)).toBe(399);
    expect(backoffDelay(8, policy, top)).toBe(999);
  });

  it('jitters over the whole range from 0 to the ceiling', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelay(4, policy, Math.random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });

  it('has sensible defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 5,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxWaitMs: 60_000,
      attemptTimeoutMs: 30_000,
    });
  });
});

describe('sendWithRetry', () => {
  it('retries 5xx with jittered backoff and returns the first good answer', async () => {
    const clock = fakeClock();
    const send = scripted(answer(503), answer(502), answer(200, { ok: true }));
    const response = await sendWithRetry(send, {
      service: 'mcas',
      what,
      clock,
      policy: TEST_POLICY,
      random: () => 0.5,
    });
    expect(response.status).toBe(200);
    expect(send.count()).toBe(3);
    expect(clock.sleeps).toEqual([50, 100]);
  });

  it('honours Retry-After seconds on 429', async () => {
    const clock = fakeClock();
    const send = scripted(answer(429, '', { 'Retry-After': '2' }), answer(200));
    await sendWithRetry(send, { service: 'jira', what: 'Jira', clock, policy: TEST_POLICY });
    expect(clock.sleeps).toEqual([2_000]);
  });

  it('honours a Retry-After date on 429', async () => {
    const clock = fakeClock();
    const at = new Date(START + 3_000).toUTCString();
    const send = scripted(answer(429, '', { 'Retry-After': at }), answer(200));
    await sendWithRetry(send, { service: 'jira', what: 'Jira', clock, policy: TEST_POLICY });
    expect(clock.sleeps).toEqual([3_000]);
  });

  it('throws RateLimitError without sleeping when the wait exceeds maxWaitMs', async () => {
    const clock = fakeClock();
    const send = scripted(answer(429, '', { 'Retry-After': '120' }), answer(200));
    const error = await rejection(
      sendWithRetry(send, { service: 'mcas', what, clock, policy: TEST_POLICY }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect((error as RateLimitError).quotaExhausted).toBe(false);
    expect(error.message).toContain(what);
    expect(clock.sleeps).toEqual([]);
    expect(send.count()).toBe(1);
  });

  it('gives up on 429 after maxAttempts with a RateLimitError', async () => {
    const clock = fakeClock();
    const limited = () => answer(429);
    const send = scripted(limited(), limited(), limited(), limited(), answer(200));
    const error = await rejection(
      sendWithRetry(send, {
        service: 'jira',
        what: 'Jira',
        clock,
        policy: TEST_POLICY,
        random: () => 1,
      }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect(send.count()).toBe(TEST_POLICY.maxAttempts);
    expect(clock.sleeps).toEqual([100, 200, 400]);
  });

  it('gives up on persistent 5xx with an UnavailableError naming the service', async () => {
    const clock = fakeClock();
    const send = scripted(answer(500), answer(500), answer(500), answer(500));
    const error = await rejection(
      sendWithRetry(send, { service: 'mcas', what, clock, policy: TEST_POLICY }),
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).status).toBe(500);
    expect(error.message).toBe(
      `${what} answered HTTP 500 on 4 attempts. The service looks unavailable; the next run will try again.`,
    );
    expect(send.count()).toBe(4);
  });

  it('honours Retry-After on a 503, and stops at once when it exceeds the wait budget', async () => {
    const clock = fakeClock();
    const send = scripted(
      answer(503, '', { 'Retry-After': '4' }),
      answer(503, '', { 'Retry-After': '3600' }),
      answer(200),
    );
    const error = await rejection(
      sendWithRetry(send, { service: 'mcas', what, clock, policy: TEST_POLICY }),
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain('asked for a 3600 s pause');
    expect(clock.sleeps).toEqual([4_000]);
    expect(send.count()).toBe(2);
  });

  it('retries thrown network errors and reports the system error code, not the message', async () => {
    const clock = fakeClock();
    const logger = recordingLogger();
    const send = scripted(
      connectionReset(),
      connectionReset(),
      connectionReset(),
      connectionReset(),
    );
    const error = await rejection(
      sendWithRetry(send, {
        service: 'abuseipdb',
        what: 'AbuseIPDB',
        clock,
        policy: TEST_POLICY,
        logger,
      }),
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain(
      'could not be reached after 4 attempts (TypeError: ECONNRESET)',
    );
    expect(clock.sleeps).toHaveLength(3);
    expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(3);
  });

  it('recovers when a dropped connection is followed by an answer', async () => {
    const clock = fakeClock();
    const send = scripted(connectionReset(), answer(200));
    const response = await sendWithRetry(send, {
      service: 'jira',
      what: 'Jira',
      clock,
      policy: TEST_POLICY,
    });
    expect(response.status).toBe(200);
  });

  it('hands 4xx back untouched for the client to map', async () => {
    for (const status of [400, 401, 403, 404, 422]) {
      const clock = fakeClock();
      const send = scripted(answer(status));
      const response = await sendWithRetry(send, { service: 'jira', what: 'Jira', clock });
      expect(response.status).toBe(status);
      expect(send.count()).toBe(1);
      expect(clock.sleeps).toEqual([]);
    }
  });

  it('hands 429 back when the caller says it is not worth retrying', async () => {
    const clock = fakeClock();
    const send = scripted(answer(429, '', { 'Retry-After': '1' }));
    const response = await sendWithRetry(send, {
      service: 'abuseipdb',
      what: 'AbuseIPDB',
      clock,
      retryRateLimited: false,
    });
    expect(response.status).toBe(429);
    expect(send.count()).toBe(1);
  });

  it('does not retry our own typed errors thrown by the send function', async () => {
    const clock = fakeClock();
    const send = scripted(new CredentialError('mcas', 'bad token'), answer(200));
    const error = await rejection(sendWithRetry(send, { service: 'mcas', what, clock }));
    expect(error).toBeInstanceOf(CredentialError);
    expect(send.count()).toBe(1);
  });
});

describe('sendWithRetry for calls that must not happen twice', () => {
  const options = { service: 'jira' as const, what: 'Jira', policy: TEST_POLICY };

  it('does not repeat a create whose connection dropped: the outcome is unknown', async () => {
    const send = scripted(connectionReset(), answer(201, '{}'));
    const error = await rejection(
      sendWithRetry(send, { ...options, clock: fakeClock(), idempotent: false }),
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toMatch(/not repeated/);
    expect(send.count()).toBe(1);
  });

  it('does not repeat it after a 502 either, but does after 429 and 503 (not processed)', async () => {
    const bad = scripted(answer(502, ''), answer(201, '{}'));
    await expect(
      sendWithRetry(bad, { ...options, clock: fakeClock(), idempotent: false }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(bad.count()).toBe(1);

    const throttled = scripted(
      answer(429, '', { 'Retry-After': '1' }),
      answer(503, ''),
      answer(201, '{}'),
    );
    const response = await sendWithRetry(throttled, {
      ...options,
      clock: fakeClock(),
      idempotent: false,
    });
    expect(response.status).toBe(201);
    expect(throttled.count()).toBe(3);
  });
});
