/**
 * The paging step of a tenant sync (sync-tenant.ts): pages from the checkpoint, each claimed,
 * created in full bulk calls and recorded, the checkpoint moved only past settled alerts and
 * written alone, after the page's claims (the last write goes on beside what follows the paging).
 */
import { advanceCheckpoint, alreadyPassed, startCheckpoint } from '../core/checkpoint';
import type { Checkpoint, RunSummary } from '../core/model';
import { StoreUnavailableError } from '../ports';
import type { AlertSource } from './alert-source';
import { claimPage } from './claim-page';
import { flushBatch } from './create-and-record';
import { saveCheckpoint } from './repository';
import { newRunBatch } from './run-batch';
import type { RunContext } from './run-context';

export interface PagingOutcome {
  /** True when `pause` (the time or write budget) stopped the paging with pages left. */
  paused: boolean;
  /**
   * The last checkpoint write, under way: what follows the paging (write-back, the drain) does not
   * depend on it, so it need not wait a storage round trip for it; the caller awaits it before
   * the run's summary, and its failure is the run's like any other.
   */
  checkpointSaved: Promise<void>;
}

/** Pages from the checkpoint, then writes where it got to. */
export async function fetchSinceCheckpoint(
  context: RunContext,
  stored: Checkpoint | undefined,
  source: AlertSource,
  pause: () => boolean,
  /** Absolute ms: the source checks it inside its own paging too. */
  deadline: number | undefined,
): Promise<PagingOutcome> {
  const { deps, project, summary, ref } = context;
  const { store, clock } = deps;
  const lookback = project.filters.firstRunLookbackDays * 86_400_000;
  const start = startCheckpoint(stored, clock.now() - lookback, clock.now());
  const batch = newRunBatch();
  // Set once a page is one of a read cut short (alert-source.ts): issues yes, checkpoint no.
  let holdCheckpoint = false;
  // Written alone and after the page's claims: batch writes are not atomic, and the checkpoint
  // must never land while a claim it passes does not.
  // Between pages only a moved checkpoint is written; the last write also stamps `lastRunAt`.
  const position = (checkpoint: Checkpoint) =>
    JSON.stringify([checkpoint.lastTimestamp, checkpoint.idsAtLastTimestamp]);
  let saved = position(start);
  const saveProgress = async (last: boolean) => {
    if (holdCheckpoint) return;
    const checkpoint = advanceCheckpoint(start, batch.progress());
    const progress = position(checkpoint);
    if (!last && progress === saved) return;
    await saveCheckpoint(store, ref, { ...checkpoint, lastRunAt: clock.now() });
    saved = progress;
  };
  const pages = source.pagesSince(start.lastTimestamp, deadline === undefined ? {} : { deadline });
  const paging = async (): Promise<boolean> => {
    for (let first = true; ; first = false) {
      // Paused: the final write below stamps the checkpoint; writing it after the page too would
      // be one more storage write a page for nothing.
      if (pause()) return true;
      if (!first) await saveProgress(false);
      const next = await pages.next();
      if (next.done) return false;
      const { results, more, stopped } = next.value;
      if (next.value.holdCheckpoint) holdCheckpoint = true;
      countFiltered(summary, next.value.filteredOut ?? [], start);
      // The page's cache reads go out beside its claims (one storage round trip, not two).
      context.enricher.primeCache(results.flatMap((result) => (result.ok ? result.alert.ips : [])));
      await claimPage(context, results, start, batch, stored !== undefined);
      // Full bulk calls only: what is left waits for the next page's alerts.
      await flushBatch(context, batch, false);
      if (!more) return false;
      if (stopped !== undefined) return true;
    }
  };
  let paused: boolean | undefined;
  let storageFailed = false;
  try {
    paused = await paging();
  } catch (error) {
    storageFailed = error instanceof StoreUnavailableError;
    throw error;
  } finally {
    await pages.return(undefined);
    // Whatever ends the paging (the last page, the deadline, a rate limit), alerts already
    // claimed get their issues now rather than waiting out a stale claim — unless storage is
    // what failed: issues created now could not be recorded either.
    if (!storageFailed) await flushBatch(context, batch, true);
    // A paging that failed writes where it got to before its error goes on.
    if (paused === undefined) await saveProgress(true);
  }
  const checkpointSaved = saveProgress(true);
  // Awaited by the caller; until then a failure must not count as unhandled.
  checkpointSaved.catch(() => undefined);
  return { paused, checkpointSaved };
}

/**
 * Alerts the source returned that the project's filters drop (Graph filters in the app), counted
 * as fetched and filtered unless they sit at the checkpoint's boundary, which an earlier run read.
 */
function countFiltered(
  summary: RunSummary,
  filteredOut: ReadonlyArray<{ id: string; timestamp: number }>,
  checkpoint: Checkpoint,
): void {
  const fresh = filteredOut.filter((alert) => !alreadyPassed(checkpoint, alert)).length;
  summary.fetched += fresh;
  summary.filtered += fresh;
}
