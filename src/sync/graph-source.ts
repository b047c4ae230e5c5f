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
import { SEVERITY_RANK } from '../core/model';
import { normaliseGraphAlert } from '../core/normalise-graph';
import type { NormaliseResult } from '../core/normalise-mcas';
import type { AlertSource } from './alert-source';
import { resultId } from './alert-source';

export function createGraphSource(deps: {
  client: GraphAlertsClient;
  connection: GraphConnection;
  filters: Pick<AlertFilters, 'minSeverity' | 'resolutionStatuses'>;
}): AlertSource {
  const { client, connection, filters } = deps;

  /** Every alert of one query, following nextLinks, each id once. */
  async function readAll(query: { since: number; before?: number }): Promise<NormaliseResult[]> {
    const results: NormaliseResult[] = [];
    const seen = new Set<string>();
    let page = await client.fetchAlertsPage(connection, query);
    for (;;) {
      for (const raw of page.alerts) {
        const result = normaliseGraphAlert(raw, connection.tenantId);
        const id = resultId(result);
        if (id !== undefined && seen.has(id)) continue;
        if (id !== undefined) seen.add(id);
        results.push(result);
      }
      if (page.nextLink === undefined) return results;
      page = await client.fetchAlertsPage(connection, { nextLink: page.nextLink });
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

    async *pagesSince(since) {
      const results = (await readAll({ since })).filter(wanted);
      // Oldest first; what cannot be placed in time (no usable creation time) is reported first.
      results.sort((a, b) => {
        if (!a.ok || !b.ok) return Number(a.ok) - Number(b.ok);
        return a.alert.timestamp - b.alert.timestamp || (a.alert.id < b.alert.id ? -1 : 1);
      });
      for (let start = 0; ; start += GRAPH_PAGE_SIZE) {
        const more = start + GRAPH_PAGE_SIZE < results.length;
        yield { results: results.slice(start, start + GRAPH_PAGE_SIZE), more };
        if (!more) return;
      }
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
        for (const result of await readAll({ since: time, before: time + 1 })) {
          const id = resultId(result);
          if (id !== undefined && ids.has(id)) found.push(result);
        }
      }
      return found;
    },
  };
}
