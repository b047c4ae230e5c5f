/**
 * Runs that found nothing new and had no trouble: with a five-minute schedule they are nearly
 * every row of the history, and hid the runs that did something. The Reports section above the
 * history shows the days' totals instead; the quiet rows stay one click away.
 */
import type { RunSummary } from '../../../../src/core/model';

export function isQuietRun(run: RunSummary): boolean {
  return (
    run.status === 'ok' &&
    !run.continued &&
    run.errors.length === 0 &&
    run.fetched === 0 &&
    run.created === 0 &&
    run.failed === 0 &&
    run.verdictsFilled === 0
  );
}
