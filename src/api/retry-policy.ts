/**
 * Resolvers answer within Forge's 25 s ("Invocation limits", Forge platform quotas and limits:
 * a UI resolver's function runs at most 25 s; what it has not answered by then reaches the page
 * as an opaque invocation error). Every resolver call gets one hard budget that all its external
 * calls share: each attempt is cut off after 8 s or at the budget's end, whichever comes first,
 * one quick retry for a blip if it still fits, and no long waits. A hanging host therefore gives
 * "<host> did not answer within 8 s" on the page, and a longer Retry-After a RATE_LIMITED answer.
 */
import type { Clock } from '../ports';
import type { RetryPolicy } from '../clients/retry';
import { withBudget } from '../clients/retry';

export const RESOLVER_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 2,
  baseDelayMs: 250,
  maxDelayMs: 1_000,
  maxWaitMs: 2_000,
  attemptTimeoutMs: 8_000,
};

/**
 * How long a resolver's external calls may take in all: Forge's 25 s less room for the storage
 * reads and writes around them and the invocation's own start.
 */
export const RESOLVER_BUDGET_MS = 20_000;

/** The policy for one resolver invocation, its budget starting now. */
export function resolverPolicy(clock: Pick<Clock, 'now'>): RetryPolicy {
  return withBudget(RESOLVER_RETRY_POLICY, {
    deadline: clock.now() + RESOLVER_BUDGET_MS,
    hard: true,
  });
}
