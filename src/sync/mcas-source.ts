/**
 * The MCAS alerts API as an alert source: `date.gte` from a time, sorted by date ascending, 100
 * alerts a page.
 *
 * Keyset paging: each page asks from the newest alert time seen so far, and the ids already
 * handed out in this run are dropped. `skip` over one fixed query would lose alerts when the
 * result set shrinks mid-run (an analyst resolves an alert on an earlier page, and every later
 * alert moves up past the next `skip`). Only a page made entirely of one millisecond needs `skip`
 * to get past it.
 */
import { z } from 'zod';
import type { McasClient, McasConnection } from '../clients/mcas';
import { MCAS_MAX_PAGE_SIZE } from '../clients/mcas';
import type { AlertFilters } from '../core/config';
import type { Clock } from '../ports';
import { mcasTimestamp, normaliseMcasAlert } from '../core/normalise-mcas';
import type { AlertSource } from './alert-source';
import { createPageGuard } from './paging-guard';

/** MCAS's largest page: the fewest calls for a backlog, and the most ids one call can name. */
const PAGE_SIZE = MCAS_MAX_PAGE_SIZE;

const AlertKey = z.looseObject({ _id: z.string().optional(), timestamp: z.unknown().optional() });

/** The id and time of a raw alert, for paging; the full (tolerant) parse is normaliseMcasAlert's. */
function alertKey(raw: unknown): { id?: string; timestamp?: number } {
  const parsed = AlertKey.safeParse(raw);
  if (!parsed.success) return {};
  const timestamp = mcasTimestamp(parsed.data.timestamp);
  return {
    ...(parsed.data._id !== undefined ? { id: parsed.data._id } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
  };
}

export function createMcasSource(deps: {
  client: McasClient;
  connection: McasConnection;
  filters: Pick<AlertFilters, 'minSeverity' | 'resolutionStatuses'>;
  clock: Clock;
}): AlertSource {
  const { client, connection, filters, clock } = deps;
  const normalise = (raw: unknown) => normaliseMcasAlert(raw, connection.tenantId);
  return {
    name: 'MCAS',

    async *pagesSince(from, limits) {
      const guard = createPageGuard({
        service: 'mcas',
        what: `MCAS tenant "${connection.tenantName}"`,
        now: () => clock.now(),
        limits,
      });
      let since = from;
      let skip = 0;
      const seen = new Set<string>();
      for (;;) {
        if (guard.pastDeadline()) {
          yield { results: [], more: true, stopped: 'deadline' };
          return;
        }
        const page = await client.fetchAlertsPage(connection, {
          since,
          minSeverity: filters.minSeverity,
          resolutionStatuses: filters.resolutionStatuses,
          skip,
          limit: PAGE_SIZE,
        });
        const fresh = page.alerts.filter((raw) => {
          const id = alertKey(raw).id;
          return id === undefined || !seen.has(id);
        });
        let newest = since;
        for (const raw of page.alerts) {
          const { id, timestamp } = alertKey(raw);
          if (id !== undefined) seen.add(id);
          if (timestamp !== undefined) newest = Math.max(newest, timestamp);
        }
        guard.pageRead();
        const more = page.hasNext && page.alerts.length > 0;
        if (more && guard.atPageCap()) {
          yield { results: fresh.map(normalise), more, stopped: 'page-cap' };
          return;
        }
        yield { results: fresh.map(normalise), more };
        if (!more) return;
        // After the yield: the new alerts of the page before a repeated one are handled first.
        guard.news(fresh.length, more);
        if (newest > since) {
          since = newest;
          skip = 0;
        } else {
          skip += page.alerts.length;
        }
      }
    },

    async byIds(alerts) {
      const results = [];
      for (let start = 0; start < alerts.length; start += PAGE_SIZE) {
        const page = await client.fetchAlertsPage(connection, {
          since: 0,
          minSeverity: 'informational',
          resolutionStatuses: [0, 1, 2, 3, 4, 5],
          skip: 0,
          limit: PAGE_SIZE,
          ids: alerts.slice(start, start + PAGE_SIZE).map(({ id }) => id),
        });
        results.push(...page.alerts.map(normalise));
      }
      return results;
    },
  };
}
