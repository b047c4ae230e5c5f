/**
 * The `trigger` handler for Jira's issue-updated event: an app issue resolved or reopened in Jira
 * closes or reopens its alert in Defender (sync/issue-events.ts). Events are not guaranteed and
 * Forge does not retry a product event that fails, so nothing is thrown: what could not be done
 * is recorded on the issue and the scheduled run's sweep finishes it.
 */
import { describeError } from '../clients/errors';
import { handleIssueUpdated } from '../sync/issue-events';
import { forgePorts } from './ports';

export async function issueWriteBack(event: unknown): Promise<void> {
  const ports = forgePorts();
  try {
    const outcome = await handleIssueUpdated(event, ports);
    if (outcome.kind === 'failed')
      ports.logger.warn('write-back failed', { error: outcome.message });
  } catch (error) {
    ports.logger.error('write-back event failed; the sweep retries it', {
      error: describeError(error),
    });
  }
}
