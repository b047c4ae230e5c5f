/**
 * The queue consumer: one tenant sync per event. Its function is used by nothing else, which is
 * what lets the manifest give it 900 s.
 *
 * Handled outcomes never fail the invocation: pages left over at the deadline, a rate limit or a
 * retry that would cross the deadline end the run with a delayed follow-up event
 * (`runQueuedSync`). An error that escapes it (storage down, a bug) is answered with the
 * documented `InvocationError` (`@forge/events`: returned, not thrown; `retryAfter` in seconds,
 * `retryReason` an `InvocationErrorCode`), so the platform delivers the same event again after a
 * growing delay, a bounded number of times (core/worker-retry.ts). `syncTenant` makes that retry
 * harmless: every alert is claimed before its issue is created.
 */
import type { AsyncEvent } from '@forge/events';
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { retryAfterFailure } from '../core/worker-retry';
import { runQueuedSync } from '../sync/queued-sync';
import { forgePorts } from './ports';

export async function worker(
  event: Pick<AsyncEvent, 'retryContext'> & { body?: unknown },
): Promise<InvocationError | undefined> {
  const ports = forgePorts();
  try {
    await runQueuedSync(event.body, ports);
    return undefined;
  } catch (error) {
    // `retryContext` is only present on a retried delivery.
    const retryCount = event.retryContext?.retryCount ?? 0;
    const retryAfter = retryAfterFailure(retryCount);
    // The error's class only: an unknown error's message could carry anything.
    ports.logger.error('tenant sync failed unexpectedly', {
      error: error instanceof Error ? error.name : typeof error,
      retryCount,
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : { givenUp: true }),
    });
    if (retryAfter === undefined) return undefined;
    return new InvocationError({
      retryAfter,
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  }
}
