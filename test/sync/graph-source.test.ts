/**
 * The Graph alert source over a fake alerts_v2 client that answers newest first, as Graph does:
 * the engine still gets every alert once, oldest first, filtered by the project's filters.
 */
import type { GraphAlertPage, GraphAlertQuery, GraphAlertsClient } from '../../src/clients/graph';
import { createGraphSource } from '../../src/sync/graph-source';
import type { SourcePage } from '../../src/sync/alert-source';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);

interface FakeAlert {
  providerAlertId: string;
  createdDateTime: string;
  severity: string;
  status: string;
  title: string;
}

function alert(n: number, overrides: Partial<FakeAlert> = {}): FakeAlert {
  return {
    providerAlertId: `alert-${String(n).padStart(3, '0')}`,
    createdDateTime: new Date(T0 + n * 1000).toISOString().replace('Z', '1234Z'),
    severity: 'medium',
    status: 'new',
    title: `Alert ${n}`,
    ...overrides,
  };
}

/** Pages of `pageSize`, newest first; `insertBeforePage` simulates alerts arriving mid-read. */
function fakeGraph(
  alerts: FakeAlert[],
  pageSize: number,
  insertBeforePage?: { page: number; alert: FakeAlert },
): GraphAlertsClient & { queries: Array<GraphAlertQuery | { nextLink: string }> } {
  const queries: Array<GraphAlertQuery | { nextLink: string }> = [];
  let current = [...alerts];
  let pagesServed = 0;
  return {
    queries,
    fetchAlertsPage(_conn, page): Promise<GraphAlertPage> {
      queries.push(page);
      if (insertBeforePage?.page === pagesServed) current = [...current, insertBeforePage.alert];
      const skip = 'nextLink' in page ? Number(new URL(page.nextLink).searchParams.get('skip')) : 0;
      const query = 'nextLink' in page ? undefined : page;
      const matching = current
        .filter((item) => {
          const at = Date.parse(item.createdDateTime);
          // A corrupt alert cannot be filtered by time; the fake lists it anyway.
          if (!query || Number.isNaN(at)) return true;
          return at >= query.since && (query.before === undefined || at < query.before);
        })
        .sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime));
      const value = matching.slice(skip, skip + pageSize);
      pagesServed += 1;
      return Promise.resolve({
        alerts: value,
        ...(skip + pageSize < matching.length
          ? {
              nextLink: `https://graph.microsoft.com/v1.0/security/alerts_v2?skip=${skip + pageSize}`,
            }
          : {}),
      });
    },
  };
}

/** Time stands still unless a test moves it. */
const clock = { now: () => T0, sleep: () => Promise.resolve() };

const connection = {
  tenantId: 'woodgrove',
  tenantName: 'Woodgrove',
  baseUrl: 'https://graph.microsoft.com',
  accessToken: 'token',
};

async function collect(pages: AsyncGenerator<SourcePage, void, undefined>): Promise<SourcePage[]> {
  const all: SourcePage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

function ids(page: SourcePage): string[] {
  return page.results.map((result) => (result.ok ? result.alert.id : `malformed:${result.reason}`));
}

describe('Graph alert source', () => {
  it('hands out the whole window oldest first, 100 a page, whatever order Graph lists it in', async () => {
    const client = fakeGraph(
      Array.from({ length: 250 }, (_, n) => alert(n)),
      70,
    );
    const source = createGraphSource({
      client,
      connection,
      clock,
      filters: { minSeverity: 'low', resolutionStatuses: [0] },
    });
    const pages = await collect(source.pagesSince(T0));
    expect(pages.map((page) => [page.results.length, page.more])).toEqual([
      [100, true],
      [100, true],
      [50, false],
    ]);
    const all = pages.flatMap(ids);
    expect(all).toEqual(
      Array.from({ length: 250 }, (_, n) => `alert-${String(n).padStart(3, '0')}`),
    );
    // 250 alerts at 70 a Graph page: 4 calls, the first with the filter, then nextLinks.
    expect(client.queries).toHaveLength(4);
    expect(client.queries[0]).toEqual({ since: T0 });
  });

  it('hands out an alert once even when new alerts shift the pages mid-read', async () => {
    const client = fakeGraph(
      Array.from({ length: 10 }, (_, n) => alert(n)),
      4,
      { page: 1, alert: alert(50) },
    );
    const source = createGraphSource({
      client,
      connection,
      clock,
      filters: { minSeverity: 'low', resolutionStatuses: [0] },
    });
    const all = (await collect(source.pagesSince(T0))).flatMap(ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(
      expect.arrayContaining(Array.from({ length: 10 }, (_, n) => `alert-00${n}`)),
    );
  });

  it('filters severity and status itself, so Graph is only asked by immutable fields', async () => {
    const client = fakeGraph(
      [
        alert(1, { severity: 'informational' }),
        alert(2, { severity: 'high' }),
        alert(3, { status: 'resolved' }),
        alert(4, { status: 'inProgress' }),
      ],
      100,
    );
    const source = createGraphSource({
      client,
      connection,
      clock,
      filters: { minSeverity: 'low', resolutionStatuses: [0] },
    });
    expect((await collect(source.pagesSince(T0))).flatMap(ids)).toEqual(['alert-002', 'alert-004']);
    expect(client.queries).toEqual([{ since: T0 }]);
  });

  it('reports alerts it cannot place in time first, so they are not lost', async () => {
    const client = fakeGraph([alert(2), alert(1, { createdDateTime: 'not a time' })], 100);
    const source = createGraphSource({
      client,
      connection,
      clock,
      filters: { minSeverity: 'low', resolutionStatuses: [0] },
    });
    const [page] = await collect(source.pagesSince(0));
    expect(page && ids(page)).toEqual([
      'malformed:alert alert-001 has no createdDateTime',
      'alert-002',
    ]);
  });

  it('finds alerts by id in the millisecond their claims recorded, one query per time', async () => {
    const wanted = alert(7);
    const client = fakeGraph(
      [alert(6), wanted, alert(8), alert(9, { createdDateTime: wanted.createdDateTime })],
      100,
    );
    const source = createGraphSource({
      client,
      connection,
      clock,
      filters: { minSeverity: 'high', resolutionStatuses: [0] },
    });
    const at = T0 + 7000;
    const found = await source.byIds([
      { id: 'alert-007', timestamp: at },
      { id: 'alert-404', timestamp: at },
      { id: 'alert-without-time' },
    ]);
    // Severity and status filters do not apply to a retry by hand.
    expect(found.map((result) => (result.ok ? result.alert.id : undefined))).toEqual(['alert-007']);
    expect(client.queries).toEqual([{ since: at, before: at + 1 }]);
  });

  it('reads at most the page cap, then hands out what it read without moving the checkpoint, and errs', async () => {
    const client = fakeGraph(
      Array.from({ length: 250 }, (_, n) => alert(n)),
      50,
    );
    const source = createGraphSource({
      client,
      connection,
      clock,
      filters: { minSeverity: 'informational', resolutionStatuses: [0] },
    });
    const pages: SourcePage[] = [];
    let error: unknown;
    try {
      for await (const page of source.pagesSince(T0, { maxPages: 3 })) pages.push(page);
    } catch (caught) {
      error = caught;
    }
    expect(client.queries).toHaveLength(3);
    expect((error as Error).message).toContain('still had more pages after 3 pages');
    // The 150 newest, oldest first, all flagged so the engine keeps the checkpoint.
    expect(pages.flatMap(ids)).toHaveLength(150);
    expect(pages.flatMap(ids)[0]).toBe('alert-100');
    expect(pages.every((page) => page.holdCheckpoint === true && page.more)).toBe(true);
  });
});
