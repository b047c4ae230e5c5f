/**
 * The `trigger` handler for Jira's project events (renamed, trashed, restored, deleted). Jira
 * delivers them at least once; `onProjectEvent` is safe to repeat. An error is thrown so that
 * Forge retries the event rather than losing a deletion.
 */
import { onProjectEvent } from '../sync/project-lifecycle';
import { forgePorts } from './ports';

export async function projectEvents(event: unknown): Promise<void> {
  await onProjectEvent(forgePorts(), event);
}
