/**
 * The alerts of one run on their way to the checkpoint. Every alert is entered the moment it is
 * read, unsettled, and stays unsettled until what was decided for it is stored: so whatever stops
 * the run (a storage failure while a bulk create is being recorded, Jira down, the deadline), the
 * checkpoint never moves past an alert whose claim may still say `claimed` (invariant 2).
 *
 * It also carries the alerts waiting for a bulk create across pages, so that every call but the
 * last creates 50 issues.
 */
import type { PageAlertState } from '../core/checkpoint';
import type { Alert } from '../core/model';
import type { Candidate } from './run-context';

export type Settle = (alert: Alert, settled: boolean) => void;

export interface RunBatch {
  /** Claimed alerts waiting for a bulk create. */
  waiting: Candidate[];
  /** An alert was read: it counts as not settled until `settle` says otherwise. */
  open: (alert: Alert) => void;
  settle: Settle;
  /** Every alert of the run in MCAS order, with whether it is settled. */
  progress: () => PageAlertState[];
}

export function newRunBatch(): RunBatch {
  const states = new Map<string, PageAlertState>();
  const mark = (alert: Alert, settled: boolean) =>
    states.set(alert.id, { id: alert.id, timestamp: alert.timestamp, settled });
  return {
    waiting: [],
    open: (alert) => {
      if (!states.has(alert.id)) mark(alert, false);
    },
    settle: mark,
    progress: () => [...states.values()].sort((a, b) => a.timestamp - b.timestamp),
  };
}
