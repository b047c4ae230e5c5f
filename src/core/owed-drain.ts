/**
 * The decisions of the project-wide drain of owed AbuseIPDB verdicts (sync/owed-drain.ts), pure:
 * which answer may fill which issue, which issues a pass can complete and in what order, which
 * addresses are still worth a check, and which pass slot a run may take.
 *
 * One answer about an address fills every issue of the project that waits on it, whichever
 * tenant's alert made the issue; so the drain sees the whole project's owed issues at once.
 */
import type { IpVerdict, Severity } from './model';
import { SEVERITY_RANK } from './model';
import { addressesToAsk } from './pending-order';

/** One issue that still waits on verdicts, as the project's owed index lists it. */
export interface OwedItem {
  tenantId: string;
  alertId: string;
  severity: Severity;
  /** The public addresses it still waits on. */
  ips: string[];
  /** Unix ms when the issue was created (when its verdicts became owed). */
  at: number;
}

export interface AnswerSettings {
  maxAgeInDays: number;
  cacheHours: number;
}

/**
 * Whether an answer may fill an issue: it covers the project's look-back window, and it is no
 * older than the cache would have accepted when the issue was created (so an issue never gets an
 * answer that was already stale for it). Answers that came later are always good enough.
 */
export function answerFits(
  answer: Pick<IpVerdict, 'fetchedAt' | 'maxAgeInDays'>,
  item: Pick<OwedItem, 'at'>,
  settings: AnswerSettings,
): boolean {
  if (answer.maxAgeInDays !== settings.maxAgeInDays) return false;
  return answer.fetchedAt >= item.at - settings.cacheHours * 3_600_000;
}

/** The answer an item may use for `ip`: this pass's own first, then the project's stored one. */
export type AnswerFor = (ip: string, item: OwedItem) => IpVerdict | undefined;

export function answerSource(
  fresh: ReadonlyMap<string, IpVerdict>,
  stored: ReadonlyMap<string, IpVerdict>,
  settings: AnswerSettings,
): AnswerFor {
  return (ip, item) => {
    const now = fresh.get(ip);
    if (now) return now;
    const kept = stored.get(ip);
    return kept && answerFits(kept, item, settings) ? kept : undefined;
  };
}

const itemOrder = (a: OwedItem, b: OwedItem) =>
  SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.at - b.at;

/** The items every address of which has an answer: the most severe first, then the oldest. */
export function readyToFill(items: readonly OwedItem[], answerFor: AnswerFor): OwedItem[] {
  return items
    .filter((item) => item.ips.every((ip) => answerFor(ip, item) !== undefined))
    .sort(itemOrder);
}

/**
 * The addresses still without an answer, in the order to check them (`core/pending-order.ts`:
 * the most severe alert waiting first, then how many issues wait, then the oldest owed).
 */
export function addressesWithoutAnswer(items: readonly OwedItem[], answerFor: AnswerFor): string[] {
  const byAge = [...items].sort((a, b) => a.at - b.at);
  return addressesToAsk(
    byAge.map((item) => ({
      severity: item.severity,
      ips: item.ips.filter((ip) => answerFor(ip, item) === undefined),
    })),
  );
}

/** One pass at most per slot and project; a pass ends before its slot does. */
export const DRAIN_SLOT_MS = 5 * 60_000;
/** A pass stops this long before its slot ends, so the next slot's pass never overlaps it. */
export const DRAIN_SLOT_MARGIN_MS = 60_000;

export interface DrainSlot {
  /** A storage key part naming the slot. */
  id: string;
  previousId: string;
  /** Unix ms after which no step of this slot's pass starts. */
  stopAt: number;
}

/**
 * While no check can be sent (the quota is spent until its reset, or AbuseIPDB is down), a pass
 * can only fill issues from answers already in the cache, which keeps them for hours: one slot in
 * six (every 30 minutes) is enough, and spares the reads while a first run creates issues (the
 * only time many issues become owed at once is when the quota ran out under a large import).
 */
export const SLOTS_PER_PASS_WITHOUT_CHECKS = 6;

/**
 * The slot `now` falls in, if a pass may run in it: not when too little of it is left, and only
 * every SLOTS_PER_PASS_WITHOUT_CHECKS slots while no check can be sent.
 */
export function drainSlot(now: number, canCheck = true): DrainSlot | undefined {
  const index = Math.floor(now / DRAIN_SLOT_MS);
  const stopAt = (index + 1) * DRAIN_SLOT_MS - DRAIN_SLOT_MARGIN_MS;
  if (now >= stopAt) return undefined;
  if (!canCheck && index % SLOTS_PER_PASS_WITHOUT_CHECKS !== 0) return undefined;
  return { id: `s${index}`, previousId: `s${index - 1}`, stopAt };
}

/** An issue's id within the project: its tenant and alert. */
export const owedItemId = (item: Pick<OwedItem, 'tenantId' | 'alertId'>) =>
  `${item.tenantId}/${item.alertId}`;
