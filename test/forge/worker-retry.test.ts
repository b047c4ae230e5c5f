/**
 * The worker's own retry, as Forge's async events API documents it: an unexpected failure is
 * answered with an InvocationError (FUNCTION_RETRY_REQUEST, growing `retryAfter`) and the platform
 * delivers the event again; after MAX_WORKER_RETRIES the event is let go (logged) because the
 * next scheduled tick resumes from the stored checkpoint. Handled outcomes return nothing.
 */
import './mocks';
import { InvocationErrorCode } from '@forge/events';
import { MAX_WORKER_RETRIES } from '../../src/core/worker-retry';
import { worker } from '../../src/forge/worker';
import { runQueuedSync } from '../../src/sync/queued-sync';
import { captureLogs } from './harness';

jest.mock('../../src/sync/queued-sync', () => ({ runQueuedSync: jest.fn() }));
const run = jest.mocked(runQueuedSync);
const body = { projectKey: 'SEC', tenantId: 'contoso', trigger: 'schedule' };
const retried = (retryCount: number) => ({
  body,
  retryContext: { retryCount, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: undefined },
});

let logs: string[];
beforeEach(() => {
  run.mockReset();
  logs = captureLogs();
});
afterEach(() => jest.restoreAllMocks());

describe('worker retry on Forge', () => {
  it('asks for a retry in 60 s when a first delivery fails unexpectedly', async () => {
    run.mockRejectedValue(new Error('KVS is down: secret-looking detail'));
    await expect(worker({ body })).resolves.toEqual({
      _retry: true,
      retryOptions: { retryAfter: 60, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST },
    });
    expect(logs.join('\n')).toContain('tenant sync failed unexpectedly');
    expect(logs.join('\n')).not.toContain('secret-looking detail');
  });

  it('backs off with each retry and stays within Forge’s 900 s', async () => {
    run.mockRejectedValue(new TypeError('boom'));
    const delays: unknown[] = [];
    for (let count = 0; count < MAX_WORKER_RETRIES; count += 1) {
      const answer = (await worker(retried(count))) as unknown as {
        retryOptions: { retryAfter: number };
      };
      delays.push(answer.retryOptions.retryAfter);
    }
    expect(delays).toEqual([60, 120, 240, 480]);
  });

  it('lets the event go after its last retry, logging that it gave up', async () => {
    run.mockRejectedValue(new Error('still down'));
    await expect(worker(retried(MAX_WORKER_RETRIES))).resolves.toBeUndefined();
    expect(logs.join('\n')).toContain('"givenUp":true');
  });

  it('returns nothing for a handled run (follow-ups are its own events)', async () => {
    run.mockResolvedValue(undefined);
    await expect(worker({ body })).resolves.toBeUndefined();
  });
});
