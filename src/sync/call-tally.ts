/**
 * The worker's log budget: Forge keeps at most 1,500 lines (or 200 KB) of one invocation's logs
 * (platform quotas and limits, "Log limits"), so a 900 s run that wrote a line per external call
 * would lose its own record on a large backlog. The clients count each call on the logger
 * (`Logger.count`) and log only failures; this logger sums the counts, and the run writes one
 * line per page (`withPageLines`) and one per run (`runCallFields` on the run's last line).
 */
import type { ExternalCall, LogFields, Logger } from '../ports';
import type { AlertSource, SourcePage } from './alert-source';

interface Totals {
  calls: number;
  failed: number;
  durationMs: number;
  byService: Map<string, { calls: number; durationMs: number }>;
}

export interface CallTally extends Logger {
  count(call: ExternalCall): void;
  /** The calls since the previous page line, as log fields; the next page starts from zero. */
  endPage(): LogFields;
  /** Every call so far, as log fields. */
  total(): LogFields;
}

function emptyTotals(): Totals {
  return { calls: 0, failed: 0, durationMs: 0, byService: new Map() };
}

function add(totals: Totals, call: ExternalCall): void {
  totals.calls += 1;
  if (call.failed) totals.failed += 1;
  totals.durationMs += call.durationMs;
  const service = totals.byService.get(call.service) ?? { calls: 0, durationMs: 0 };
  service.calls += 1;
  service.durationMs += call.durationMs;
  totals.byService.set(call.service, service);
}

/** `calls`, `failedCalls`, `callMs`, then `<service>Calls` and `<service>Ms` per service called. */
function fields(totals: Totals): LogFields {
  const result: LogFields = {
    calls: totals.calls,
    failedCalls: totals.failed,
    callMs: totals.durationMs,
  };
  for (const [service, { calls, durationMs }] of totals.byService) {
    result[`${service}Calls`] = calls;
    result[`${service}Ms`] = durationMs;
  }
  return result;
}

/** A logger that writes through to `base` and sums the external calls counted on it. */
export function createCallTally(base: Logger): CallTally {
  let page = emptyTotals();
  const run = emptyTotals();
  return {
    info: (message, extra) => base.info(message, extra),
    warn: (message, extra) => base.warn(message, extra),
    error: (message, extra) => base.error(message, extra),
    count(call) {
      add(page, call);
      add(run, call);
    },
    endPage() {
      const done = fields(page);
      page = emptyTotals();
      return done;
    },
    total: () => fields(run),
  };
}

function isCallTally(logger: Logger): logger is CallTally {
  return 'endPage' in logger && 'total' in logger;
}

/** The run's call totals for its last line; nothing when the logger keeps no tally (the CLI). */
export function runCallFields(logger: Logger): LogFields {
  return isCallTally(logger) ? logger.total() : {};
}

/**
 * The source with one line per page handed out, written when the engine has finished with it
 * (it asks for the next page, or stops): the page's alerts and the calls made for it, its own
 * fetch included. Unchanged when the logger keeps no tally.
 */
export function withPageLines(source: AlertSource, logger: Logger, tenantId: string): AlertSource {
  if (!isCallTally(logger)) return source;
  return {
    name: source.name,
    byIds: (alerts) => source.byIds(alerts),
    pagesSince: (since) => pagesWithLines(source.pagesSince(since), logger, tenantId),
  };
}

async function* pagesWithLines(
  pages: AsyncGenerator<SourcePage, void, undefined>,
  tally: CallTally,
  tenantId: string,
): AsyncGenerator<SourcePage, void, undefined> {
  let number = 0;
  try {
    for (;;) {
      const next = await pages.next();
      if (next.done) return;
      number += 1;
      try {
        yield next.value;
      } finally {
        tally.info('page synced', {
          tenantId,
          page: number,
          alerts: next.value.results.length,
          ...tally.endPage(),
        });
      }
    }
  } finally {
    await pages.return(undefined);
  }
}
