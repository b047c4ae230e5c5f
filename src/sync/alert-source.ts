/**
 * Where a tenant's alerts come from, as the sync engine sees it: pages of normalised alerts from
 * a time on, oldest first, and alerts by id for a retry by hand. The MCAS API
 * (./mcas-source.ts) and Microsoft Graph alerts_v2 (./graph-source.ts) page very differently;
 * behind this interface claims, enrichment, creates and the checkpoint are one code path.
 */
import type { NormaliseResult } from '../core/normalise-mcas';
import type { PagingLimits } from './paging-guard';

export interface SourcePage {
  /** The page's alerts not handed out earlier in this run, normalised or with why not. */
  results: NormaliseResult[];
  /** False on the last page. */
  more: boolean;
  /**
   * Set when the source stops this run early with pages left (the deadline, the page cap): the
   * engine handles this page and continues in a follow-up.
   */
  stopped?: 'deadline' | 'page-cap';
  /**
   * Set when these alerts are not all the alerts from the checkpoint up to them (Graph lists the
   * newest first, and its read was cut short): their issues are created, but the checkpoint stays
   * where it is, so the alerts not read yet are asked for again.
   */
  holdCheckpoint?: boolean;
  /** Alerts read but dropped by the project's filters here (Graph), for the run's counts. */
  filteredOut?: Array<{ id: string; timestamp: number }>;
}

export interface AlertSource {
  /** "MCAS" or "Microsoft Graph", for messages. */
  readonly name: string;
  /**
   * Alerts created at or after `since` (Unix ms), oldest first, each at most once per run. The
   * engine takes the next page only while its time budget lasts; the source checks the deadline
   * before each request of its own, and ends paging that repeats itself with an error
   * (./paging-guard.ts).
   */
  pagesSince(since: number, limits?: PagingLimits): AsyncGenerator<SourcePage, void, undefined>;
  /**
   * The alerts with these ids, whatever their status or severity. `timestamp` is when the alert
   * was created, as its claim recorded it; a source that cannot look up by id needs it.
   */
  byIds(alerts: Array<{ id: string; timestamp?: number }>): Promise<NormaliseResult[]>;
}

/** The id a result is about: the alert's, or the one a malformed alert still had. */
export function resultId(result: NormaliseResult): string | undefined {
  return result.ok ? result.alert.id : result.alertId;
}
