/**
 * How far a tenant's checkpoint may move. Pure: the sync engine feeds it every alert of the run so
 * far in MCAS order (date ascending) with whether the alert is settled, and saves what comes back.
 *
 * Invariant 2 (no alert is lost): the checkpoint never moves past an alert that is not settled
 * (issue created, suppressed, parked as failed, or impossible to turn into an issue). Nothing
 * after the first unsettled alert moves it: the next run asks MCAS again from that alert's
 * timestamp, and the claims skip whatever was already done after it.
 */
import type { Checkpoint } from './model';

export interface PageAlertState {
  id: string;
  timestamp: number;
  settled: boolean;
}

export function startCheckpoint(
  existing: Checkpoint | undefined,
  firstRunSince: number,
  now: number,
): Checkpoint {
  return existing ?? { lastTimestamp: firstRunSince, idsAtLastTimestamp: [], lastRunAt: now };
}

export function advanceCheckpoint(start: Checkpoint, alerts: PageAlertState[]): Checkpoint {
  let { lastTimestamp, idsAtLastTimestamp } = start;
  for (const alert of alerts) {
    if (!alert.settled) break;
    if (alert.timestamp > lastTimestamp) {
      lastTimestamp = alert.timestamp;
      idsAtLastTimestamp = [alert.id];
    } else if (alert.timestamp === lastTimestamp && !idsAtLastTimestamp.includes(alert.id)) {
      // MCAS `date.gte` returns alerts at the boundary timestamp again: remember all of them.
      idsAtLastTimestamp = [...idsAtLastTimestamp, alert.id];
    }
  }
  return { ...start, lastTimestamp, idsAtLastTimestamp };
}

/** Alerts at the checkpoint's own timestamp that an earlier run already handled. */
export function alreadyPassed(
  checkpoint: Checkpoint,
  alert: { id: string; timestamp: number },
): boolean {
  return (
    alert.timestamp < checkpoint.lastTimestamp ||
    (alert.timestamp === checkpoint.lastTimestamp &&
      checkpoint.idsAtLastTimestamp.includes(alert.id))
  );
}
