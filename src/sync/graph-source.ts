/**
 * Microsoft Graph alerts_v2 as an alert source. Graph lists the newest alerts first and pages by
 * `@odata.nextLink` (a `$skip` underneath), with no `$orderby`: so the whole window since the
 * checkpoint is read first, then handed out oldest first, 100 at a time, exactly like MCAS pages.
 * That keeps the checkpoint rule (it moves only past settled alerts, in time order) and a time
 * budget that runs out mid-way loses nothing.
 *
 * Only the immutable `serviceSource` and `createdDateTime` are filtered by Graph: were the status
 * filtered there, an alert resolved during the read would shift the `$skip` pages and hide
 * another. Severity and status are filtered here instead, and an alert met twice (new alerts
 * arriving mid-read shift the pages the other way) is handed out once.
 */
import type { GraphAlertsClient, GraphConnection } from '../clients/graph';
import { GRAPH_PAGE_SIZE } from '../clients/graph';
import type { AlertFilters } from '../core/config';
import type { Clock } from '../ports';
import { SEVERITY_RANK } from '../core/model';
import { normaliseGraphAlert } from '../core/normalise-graph';
import type { NormaliseResult } from '../core/normalise-mcas';
import type { AlertSource } from './alert-source';
import { resultId } from './alert-source';
import type { SourcePage } from './alert-source';
import type { PageGuard, PagingLimits } from './paging-guard';
import { createPageGuard } from './paging-guard';

/** One query read as far as it went: all of it, or cut short by the deadline or an error. */
interface QueryRead {
  results: NormaliseResult[];
  cut?: 'deadline';
  error?: Error;
}

export function createGraphSource(deps: {
  client: GraphAlertsClient;
  connection: GraphConnection;
  filters: Pick<AlertFilters, 'minSeverity' | 'resolutionStatuses'>;
  clock: Clock;
}): AlertSource {
  const { client, connection, filters, clock } = deps;
  const guardFor = (limits?: PagingLimits) =>
    createPageGuard({
      service: 'graph',
      what: `Microsoft Graph for tenant "${connection.tenantName}"`,
      now: () => clock.now(),
      limits,
    });

  /**
   * Every alert of one query, following nextLinks, each id once, through the paging guard: the
   * deadline is checked before every request, a nextLink already followed or pages of nothing new
   * end the read with an error, and more than the page cap is an error too (a Graph window must
   * be read whole before any of it can be handed out oldest first).
   */
  async function readAll(
    query: { since: number; before?: number },
    guard: PageGuard,
  ): Promise<QueryRead> {
    const results: NormaliseResult[] = [];
    const seen = new Set<string>();
    try {
      if (guard.pastDeadline()) return { results, cut: 'deadline' };
      let page = await client.fetchAlertsPage(connection, query);
      guard.pageRead();
      for (;;) {
        let fresh = 0;
        for (const raw of page.alerts) {
          const result = normaliseGraphAlert(raw, connection.tenantId);
          const id = resultId(result);
          if (id !== undefined && seen.has(id)) continue;
          if (id !== undefined) seen.add(id);
          results.push(result);
          fresh += 1;
        }
        if (page.nextLink === undefined) return { results };
        guard.news(fresh, true);
        if (guard.pastDeadline()) return { results, cut: 'deadline' };
        if (guard.atPageCap()) throw guard.tooManyPages();
        guard.pageRead(page.nextLink);
        page = await client.fetchAlertsPage(connection, { nextLink: page.nextLink });
      }
    } catch (error) {
      return { results, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  function wanted(result: NormaliseResult): boolean {
    if (!result.ok) return true;
    const { severity, resolutionStatus } = result.alert;
    return (
      SEVERITY_RANK[severity] >= SEVERITY_RANK[filters.minSeverity] &&
      (resolutionStatus === undefined || filters.resolutionStatuses.includes(resolutionStatus))
    );
  }

  return {
    name: 'Microsoft Graph',

    async *pagesSince(since, limits) {
      const read = await readAll({ since }, guardFor(limits));
      const results = read.results.filter(wanted);
      const filteredOut = read.results.flatMap((result) =>
        result.ok && !wanted(result)
          ? [{ id: result.alert.id, timestamp: result.alert.timestamp }]
          : [],
      );
      // Oldest first; what cannot be placed in time (no usable creation time) is reported first.
      results.sort((a, b) => {
        if (!a.ok || !b.ok) return Number(a.ok) - Number(b.ok);
        return a.alert.timestamp - b.alert.timestamp || (a.alert.id < b.alert.id ? -1 : 1);
      });
      const whole = read.cut === undefined && read.error === undefined;
      for (let start = 0; ; start += GRAPH_PAGE_SIZE) {
        const last = start + GRAPH_PAGE_SIZE >= results.length;
        const page: SourcePage = {
          results: results.slice(start, start + GRAPH_PAGE_SIZE),
          more: !(whole && last),
        };
        // A read cut short holds only the newest alerts of the window: they get their issues,
        // but the checkpoint must not move past the older ones not read yet.
        if (!whole) page.holdCheckpoint = true;
        // Counted once, with the first page.
        if (start === 0 && filteredOut.length > 0) page.filteredOut = filteredOut;
        if (last && read.cut !== undefined) page.stopped = read.cut;
        yield page;
        if (last) break;
      }
      if (read.error !== undefined) throw read.error;
    },

    // Graph cannot filter on an alert's id, so each alert is found in the millisecond its claim
    // recorded it was created: one query per distinct time.
    async byIds(alerts) {
      const ids = new Set(alerts.map(({ id }) => id));
      const times = [...new Set(alerts.map(({ timestamp }) => timestamp))].filter(
        (time): time is number => time !== undefined,
      );
      const found: NormaliseResult[] = [];
      for (const time of times) {
        const read = await readAll({ since: time, before: time + 1 }, guardFor());
        if (read.error !== undefined) throw read.error;
        for (const result of read.results) {
          const id = resultId(result);
          if (id !== undefined && ids.has(id)) found.push(result);
        }
      }
      return found;
    },
  };
}
