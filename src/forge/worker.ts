/**
 * The queue consumer: one tenant sync per event. Its function is used by nothing else, which is
 * what lets the manifest give it 900 s. An error escaping `runQueuedSync` (storage down) is
 * rethrown so the platform retries the event; `syncTenant` makes that retry harmless.
 */
import { runQueuedSync } from '../sync/queued-sync';
import { forgePorts } from './ports';

export async function worker(event: { body?: unknown }): Promise<void> {
  await runQueuedSync(event.body, forgePorts());
}
