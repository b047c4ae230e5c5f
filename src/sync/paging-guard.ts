/**
 * What keeps a source's paging finite whatever the service answers. Both alert APIs tell the
 * client whether more pages follow (MCAS `hasNext`, Graph `@odata.nextLink`), and both have been
 * seen to say "more" forever: a nextLink naming the page it came with (same host and path, so
 * the host pinning accepts it), or `hasNext: true` with the same page again. Followed blindly,
 * such an answer runs the worker past its deadline and never hands out the good alerts behind it.
 *
 * So every source pages through one guard: a link already followed or a run of pages with nothing
 * new ends the paging with an error that names the tenant and the source (the run summary shows
 * it, the other tenants carry on); at most `maxPages` pages are read per run; and the deadline is
 * checked before every request, not only between the pages the engine sees.
 */
import { UnexpectedResponseError } from '../clients/errors';

/** Pages one run reads at most: 100,000 alerts, far more than one 15-minute worker can create. */
export const MAX_PAGES_PER_RUN = 1_000;
/**
 * Consecutive pages without a single alert not seen before that mean the source repeats itself.
 * One such page can be legitimate (alerts resolved mid-run shift an MCAS `skip` page onto ones
 * already read); three in a row are not.
 */
export const MAX_PAGES_WITHOUT_NEWS = 3;

export interface PagingLimits {
  /** Absolute ms: no request is started after it. */
  deadline?: number | undefined;
  /** Default MAX_PAGES_PER_RUN. */
  maxPages?: number | undefined;
}

export interface PageGuard {
  /** True once the deadline has passed: start no further request. */
  pastDeadline(): boolean;
  /** True once `maxPages` pages were read. */
  atPageCap(): boolean;
  /** Counts a page read; throws if this link was followed before in the run. */
  pageRead(link?: string): void;
  /** After a page: how many of its alerts were new to the run. Throws when the source repeats. */
  news(freshAlerts: number, more: boolean): void;
  /** The error for a source that must be read whole in one run but has more than `maxPages`. */
  tooManyPages(): Error;
  readonly pages: number;
}

export function createPageGuard(options: {
  service: 'mcas' | 'graph';
  /** e.g. `MCAS tenant "Contoso"`, for the error. */
  what: string;
  now: () => number;
  limits?: PagingLimits | undefined;
}): PageGuard {
  const { service, what, now } = options;
  const deadline = options.limits?.deadline;
  const maxPages = Math.max(1, options.limits?.maxPages ?? MAX_PAGES_PER_RUN);
  const links = new Set<string>();
  let pages = 0;
  let withoutNews = 0;
  const broken = (detail: string) =>
    new UnexpectedResponseError(
      service,
      `${what} ${detail}; its paging is broken, so the run stopped after ${pages} page(s). ` +
        'The alerts read before it were handled; the next run tries again.',
    );
  return {
    get pages() {
      return pages;
    },
    pastDeadline: () => deadline !== undefined && now() >= deadline,
    atPageCap: () => pages >= maxPages,
    pageRead(link) {
      if (link !== undefined) {
        if (links.has(link)) throw broken('answered with a next page link it had already given');
        links.add(link);
      }
      pages += 1;
    },
    tooManyPages: () =>
      new UnexpectedResponseError(
        service,
        `${what} still had more pages after ${pages} pages (${maxPages} is the most one run ` +
          'reads); the run stopped. If that many alerts are real, shorten the first-run look-back.',
      ),
    news(freshAlerts, more) {
      // An empty page that still says more follow is no news either.
      if (!more || freshAlerts > 0) {
        withoutNews = 0;
        return;
      }
      withoutNews += 1;
      if (withoutNews >= MAX_PAGES_WITHOUT_NEWS) {
        throw broken(
          `answered ${withoutNews} pages in a row with only alerts it had already sent, still saying more follow`,
        );
      }
    },
  };
}
