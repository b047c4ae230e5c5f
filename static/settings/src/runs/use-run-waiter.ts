/**
 * "Sync now" and "Retry" only queue work: the runs land in the history when the worker finishes.
 * This polls `listRuns` until every tenant that was queued has finished (its latest run since the
 * request did not continue), so the page can show progress until then and say what was done.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../../../src/core/model';
import type { SettingsClient } from '../settings-client';
import { R } from '../settings-client';
import type { SyncProgress, WaitedTenant } from './sync-progress';
import { syncProgress } from './sync-progress';

export interface Waiting {
  requestedAt: number;
  tenants: WaitedTenant[];
  progress: SyncProgress;
}

export interface Finished {
  progress: SyncProgress;
  /** False when the page stopped waiting before every tenant finished. */
  complete: boolean;
}

const POLL_MS = 1000;
/** Give up showing progress after this long; the run still lands in the history later. */
const GIVE_UP_MS = 5 * 60_000;

export function useRunWaiter(
  client: SettingsClient,
  onRuns: (runs: RunSummary[]) => void,
  onFinished: (finished: Finished) => void,
) {
  const [waiting, setWaiting] = useState<Waiting | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const wait = useCallback(
    (requestedAt: number, tenants: WaitedTenant[]) => {
      const started = Date.now();
      setWaiting({ requestedAt, tenants, progress: syncProgress(tenants, [], requestedAt) });
      let runs: RunSummary[] = [];
      const poll = async () => {
        try {
          runs = (await client.call(R.listRuns, {})).runs;
          onRuns(runs);
        } catch {
          // A failed poll is retried on the next tick; the page keeps showing progress.
        }
        const progress = syncProgress(tenants, runs, requestedAt);
        const complete = progress.done === progress.total;
        if (complete || Date.now() - started > GIVE_UP_MS) {
          setWaiting(undefined);
          onFinished({ progress, complete });
          return;
        }
        setWaiting({ requestedAt, tenants, progress });
        timer.current = setTimeout(() => void poll(), POLL_MS);
      };
      timer.current = setTimeout(() => void poll(), POLL_MS);
    },
    [client, onRuns, onFinished],
  );

  return { waiting, wait };
}
