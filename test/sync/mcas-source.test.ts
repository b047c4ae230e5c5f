/**
 * The MCAS alert source over a fake client: keyset paging from the newest time seen, and the
 * paging guard (./paging-guard.ts) that keeps a misbehaving answer from looping.
 */
import type { McasAlertPage, McasAlertQuery, McasClient } from '../../src/clients/mcas';
import { UnexpectedResponseError } from '../../src/clients/errors';
import type { SourcePage } from '../../src/sync/alert-source';
import { createMcasSource } from '../../src/sync/mcas-source';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

function raw(n: number, timestamp: unknown = T0 + n * 1000): Record<string, unknown> {
  return { _id: `alert-${String(n).padStart(4, '0')}`, timestamp, title: `Alert ${n}` };
}

/** Answers `date.gte` + `skip` like MCAS over `alerts` (sorted by time), or as `answer` says. */
function fakeMcas(
  alerts: Array<Record<string, unknown>>,
  answer?: (query: McasAlertQuery, honest: McasAlertPage) => McasAlertPage,
): McasClient & { queries: McasAlertQuery[] } {
  const queries: McasAlertQuery[] = [];
  const timeOf = (alert: Record<string, unknown>) => {
    const value = alert.timestamp;
    return typeof value === 'number' ? value : Date.parse(String(value)) || Number(value);
  };
  return {
    queries,
    fetchAlertsPage(_conn, query) {
      queries.push(query);
      const matching = alerts.filter((alert) => timeOf(alert) >= query.since);
      const limit = query.limit ?? 100;
      const data = matching.slice(query.skip, query.skip + limit);
      const honest = { alerts: data, hasNext: query.skip + data.length < matching.length };
      return Promise.resolve(answer ? answer(query, honest) : honest);
    },
  };
}

const connection = {
  tenantId: 'contoso',
  tenantName: 'Contoso',
  baseUrl: 'https://contoso.portal.cloudappsecurity.com',
  auth: { kind: 'token' as const, token: 't' },
};
const filters = { minSeverity: 'informational' as const, resolutionStatuses: [0] };

function source(client: McasClient, now: () => number = () => T0) {
  return createMcasSource({ client, connection, filters, clock: { now, sleep: async () => {} } });
}

async function collect(
  pages: AsyncGenerator<SourcePage, void, undefined>,
): Promise<{ pages: SourcePage[]; error?: unknown }> {
  const all: SourcePage[] = [];
  try {
    for await (const page of pages) all.push(page);
  } catch (error) {
    return { pages: all, error };
  }
  return { pages: all };
}

const ids = (pages: SourcePage[]) =>
  pages.flatMap((page) => page.results.map((result) => (result.ok ? result.alert.id : '?')));

describe('MCAS alert source paging', () => {
  it('pages from the newest time seen even when MCAS sends timestamps as strings', async () => {
    const alerts = Array.from({ length: 250 }, (_, n) =>
      raw(n, n % 2 === 0 ? String(T0 + n * 1000) : new Date(T0 + n * 1000).toISOString()),
    );
    const client = fakeMcas(alerts);
    const { pages, error } = await collect(source(client).pagesSince(T0));
    expect(error).toBeUndefined();
    expect(new Set(ids(pages)).size).toBe(250);
    // Keyset paging moved `since` forward instead of piling up `skip`.
    expect(client.queries.map((query) => query.skip)).toEqual([0, 0, 0]);
    expect(client.queries[1]?.since).toBe(T0 + 99_000);
  });

  it('ends hasNext-forever with the same page with an error, after handing out the first page', async () => {
    const alerts = Array.from({ length: 250 }, (_, n) => raw(n));
    let first: McasAlertPage | undefined;
    const client = fakeMcas(alerts, (_query, honest) => {
      first ??= honest;
      return { ...first, hasNext: true };
    });
    const { pages, error } = await collect(source(client).pagesSince(T0));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain('MCAS tenant "Contoso" answered 3 pages in a row');
    expect(ids(pages)).toHaveLength(100);
    expect(client.queries).toHaveLength(4);
  });

  it('stops at the page cap with a continuation, not an error', async () => {
    const alerts = Array.from({ length: 1000 }, (_, n) => raw(n));
    const client = fakeMcas(alerts);
    const { pages, error } = await collect(source(client).pagesSince(T0, { maxPages: 3 }));
    expect(error).toBeUndefined();
    expect(client.queries).toHaveLength(3);
    expect(pages.at(-1)).toMatchObject({ more: true, stopped: 'page-cap' });
  });

  it('starts no request once the deadline has passed', async () => {
    let now = T0;
    const alerts = Array.from({ length: 1000 }, (_, n) => raw(n));
    const client = fakeMcas(alerts, (_query, honest) => {
      now += 60_000;
      return honest;
    });
    const { pages } = await collect(
      source(client, () => now).pagesSince(T0, { deadline: T0 + 150_000 }),
    );
    expect(client.queries).toHaveLength(3);
    expect(pages.at(-1)).toMatchObject({ results: [], more: true, stopped: 'deadline' });
  });
});
