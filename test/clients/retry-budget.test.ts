/**
 * The caller's deadline inside the one retry policy: a retry or a wait that would end after it is
 * not started. Under the worker's soft budget the call hands back when to continue (a follow-up
 * event); under a resolver's hard budget it reports what it saw and every attempt is cut short.
 */
import { DeadlineError, RateLimitError, UnavailableError } from '../../src/clients/errors';
import { sendWithRetry, withBudget } from '../../src/clients/retry';
import type { Attempt, RetryPolicy } from '../../src/clients/retry';
import type { HttpResponse } from '../../src/ports';
import { HttpTimeoutError } from '../../src/ports';
import { START, TEST_POLICY, answer, fakeClock, rejection } from './fakes';

const what = 'MCAS tenant "Contoso EU"';
const policy: RetryPolicy = { ...TEST_POLICY, maxWaitMs: 60_000, attemptTimeoutMs: 30_000 };

function scripted(...script: Array<HttpResponse | Error>) {
  const attempts: Attempt[] = [];
  const send = (attempt: Attempt): Promise<HttpResponse> => {
    attempts.push(attempt);
    const item = script.shift();
    if (item === undefined) return Promise.reject(new Error('no scripted answer left'));
    return item instanceof Error ? Promise.reject(item) : Promise.resolve(item);
  };
  return Object.assign(send, { attempts });
}

describe('sendWithRetry under a soft (worker) deadline', () => {
  const soft = (deadlineIn: number) =>
    withBudget(policy, { deadline: START + deadlineIn, hard: false });

  it('does not wait out a Retry-After that would cross the deadline: it says when to continue', async () => {
    const clock = fakeClock();
    const send = scripted(answer(429, '', { 'Retry-After': '45' }), answer(200, '{}'));
    const error = await rejection(
      sendWithRetry(send, { service: 'mcas', what, clock, policy: soft(60_000), random: () => 1 }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(45_000);
    expect(clock.sleeps).toEqual([]);
    expect(send.attempts).toHaveLength(1);
  });

  it('still waits out a Retry-After when the wait and the next attempt fit', async () => {
    const clock = fakeClock();
    const send = scripted(answer(429, '', { 'Retry-After': '45' }), answer(200, '{}'));
    const response = await sendWithRetry(send, {
      service: 'mcas',
      what,
      clock,
      policy: soft(120_000),
      random: () => 1,
    });
    expect(response.status).toBe(200);
    expect(clock.sleeps).toEqual([45_000]);
  });

  it('does not start a retry after a 503 that could end past the deadline', async () => {
    const clock = fakeClock();
    clock.advance(50_000);
    const send = scripted(answer(503), answer(200, '{}'));
    const error = await rejection(
      sendWithRetry(send, {
        service: 'jira',
        what: 'Jira',
        clock,
        policy: soft(60_000),
        random: () => 1,
      }),
    );
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error.message).toContain('Jira answered HTTP 503');
    expect((error as DeadlineError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(clock.sleeps).toEqual([]);
    expect(send.attempts).toHaveLength(1);
  });

  it('lets a first attempt after the deadline run its full timeout (the page in flight finishes)', async () => {
    const clock = fakeClock();
    clock.advance(70_000);
    const send = scripted(answer(200, '{}'));
    await sendWithRetry(send, { service: 'jira', what: 'Jira', clock, policy: soft(60_000) });
    expect(send.attempts).toEqual([{ timeoutMs: 30_000 }]);
  });
});

describe('sendWithRetry under a hard (resolver) deadline', () => {
  const hard = (deadlineIn: number) =>
    withBudget(
      { ...policy, maxAttempts: 2, attemptTimeoutMs: 8_000 },
      { deadline: START + deadlineIn, hard: true },
    );

  it('cuts every attempt at the deadline and names the host that did not answer', async () => {
    const clock = fakeClock();
    clock.advance(15_000);
    const host = 'contoso.eu2.portal.cloudappsecurity.com';
    const send = scripted(new HttpTimeoutError(host, 5_000));
    const error = await rejection(
      sendWithRetry(send, { service: 'mcas', what, clock, policy: hard(20_000), random: () => 1 }),
    );
    expect(send.attempts).toEqual([{ timeoutMs: 5_000 }]);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error.message).toContain(`${host} did not answer within 5 s`);
  });

  it('starts no attempt when less than a second is left', async () => {
    const clock = fakeClock();
    clock.advance(19_500);
    const send = scripted(answer(200, '{}'));
    await expect(
      sendWithRetry(send, { service: 'mcas', what, clock, policy: hard(20_000) }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(send.attempts).toHaveLength(0);
  });
});
