/**
 * Resolvers answer within Forge's 25 s: one quick retry for a blip, and no long waits. A longer
 * Retry-After becomes a RATE_LIMITED answer the UI shows, instead of a timed-out invocation.
 */
import type { RetryPolicy } from '../clients/retry';

export const RESOLVER_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 2,
  baseDelayMs: 250,
  maxDelayMs: 1_000,
  maxWaitMs: 2_000,
};
