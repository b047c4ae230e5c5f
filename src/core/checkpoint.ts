/**
 * How far a tenant's checkpoint may move. Pure: the sync engine feeds it every alert of a page in
 * MCAS order (date ascending) with whether the alert is settled, and saves what comes back.
 *
 * Invariant 2 (no alert is lost): the checkpoint never moves past an alert that is not settled
 * (issue created, suppressed, parked as failed, or impossible to turn into an issue). Once an
 * unsettled alert is met, nothing later in the run moves the checkpoint: the next run asks MCAS
 * again from that alert's timestamp, and the claims skip whatever was already done after it.
 */
import type { Checkpoint } from './model';

export interface CheckpointCursor {
  checkpoint: Checkpoint;
  /** True once an unsettled alert was met in this run. */
  blocked: boolean;
}

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

export function advanceCheckpoint(
  cursor: CheckpointCursor,
  alerts: PageAlertState[],
): CheckpointCursor {
  if (cursor.blocked) return cursor;
  let { lastTimestamp, idsAtLastTimestamp } = cursor.checkpoint;
  for (const alert of alerts) {
    if (!alert.settled) {
      return {
        checkpoint: { ...cursor.checkpoint, lastTimestamp, idsAtLastTimestamp },
        blocked: true,
      };
    }
    if (alert.timestamp > lastTimestamp) {
      lastTimestamp = alert.timestamp;
      idsAtLastTimestamp = [alert.id];
    } else if (alert.timestamp === lastTimestamp && !idsAtLastTimestamp.includes(alert.id)) {
      // MCAS `date.gte` returns alerts at the boundary timestamp again: remember all of them.
      idsAtLastTimestamp = [...idsAtLastTimestamp, alert.id];
    }
  }
  return {
    checkpoint: { ...cursor.checkpoint, lastTimestamp, idsAtLastTimestamp },
    blocked: false,
  };
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
