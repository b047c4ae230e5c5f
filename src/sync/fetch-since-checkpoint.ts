/**
 * The paging step of a tenant sync (sync-tenant.ts): pages from the checkpoint, each claimed,
 * created in full bulk calls and recorded, the checkpoint moved only past settled alerts and
 * written alone, after the page's claims (the last write goes on beside what follows the paging).
 */
import { advanceCheckpoint, alreadyPassed, startCheckpoint } from '../core/checkpoint';
import type { Checkpoint, RunSummary } from '../core/model';
import { StoreUnavailableError } from '../ports';
import type { AlertSource, SourcePage } from './alert-source';
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

/** The paging from the checkpoint, its first page already asked for (`startPaging`). */
export interface StartedPaging {
  /** The checkpoint as stored (undefined before a tenant's first run ends a page). */
  stored: Checkpoint | undefined;
  /** Where the paging starts: the stored checkpoint, or the first run's look-back. */
  start: Checkpoint;
  pages: AsyncGenerator<SourcePage, void, undefined>;
}

/**
 * Asks the source for the first page at once, so that a run reads its alerts while it resolves
 * what else it needs (the Jira target, sync-tenant.ts); `fetchSinceCheckpoint` takes it from
 * there. Whoever starts it and does not hand it on closes `pages`.
 */
export function startPaging(
  source: AlertSource,
  stored: Checkpoint | undefined,
  options: {
    firstRunLookbackDays: number;
    now: number;
    /** Absolute ms: the source checks it inside its own paging too. */
    deadline: number | undefined;
  },
): StartedPaging {
  const { now, deadline } = options;
  const start = startCheckpoint(stored, now - options.firstRunLookbackDays * 86_400_000, now);
  const pages = source.pagesSince(start.lastTimestamp, deadline === undefined ? {} : { deadline });
  return { stored, start, pages: readingAhead(pages) };
}

/**
 * The same pages, the first one asked for now rather than when it is wanted. Closing the reader
 * closes the source's paging once the reader has started; one closed before its first page leaves
 * the source's paging suspended after that page, holding nothing.
 */
function readingAhead<T>(
  pages: AsyncGenerator<T, void, undefined>,
): AsyncGenerator<T, void, undefined> {
  const first = pages.next();
  // Taken by the reader's first step; until then a failure must not count as unhandled.
  first.catch(() => undefined);
  return (async function* reader() {
    try {
      for (let next = await first; next.done !== true; next = await pages.next()) yield next.value;
    } finally {
      await pages.return(undefined);
    }
  })();
}

/** Pages from the checkpoint, then writes where it got to. */
export async function fetchSinceCheckpoint(
  context: RunContext,
  { stored, start, pages }: StartedPaging,
  pause: () => boolean,
): Promise<PagingOutcome> {
  const { deps, summary, ref } = context;
  const { store, clock } = deps;
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
