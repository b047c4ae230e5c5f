/**
 * "Sync now" and "Retry" only queue work: the runs land in the history when the worker finishes.
 * This polls `listRuns` until a run started at or after the request exists for every tenant that
 * was queued, so the page can show progress until then.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RunSummary } from '../../../../src/contract/domain';
import type { SettingsClient } from '../settings-client';
import { R } from '../settings-client';

export interface Waiting {
  requestedAt: number;
  tenants: Array<{ tenantId: string; tenantName: string }>;
  done: string[];
}

const POLL_MS = 1000;
/** Give up showing progress after this long; the run still lands in the history later. */
const GIVE_UP_MS = 5 * 60_000;

export function useRunWaiter(client: SettingsClient, onRuns: (runs: RunSummary[]) => void) {
  const [waiting, setWaiting] = useState<Waiting | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const wait = useCallback(
    (requestedAt: number, tenants: Waiting['tenants']) => {
      const started = Date.now();
      setWaiting({ requestedAt, tenants, done: [] });
      const poll = async () => {
        let runs: RunSummary[] = [];
        try {
          runs = (await client.call(R.listRuns, {})).runs;
          onRuns(runs);
        } catch {
          // A failed poll is retried on the next tick; the page keeps showing progress.
        }
        const done = tenants
          .filter((t) =>
            runs.some((run) => run.tenantId === t.tenantId && run.startedAt >= requestedAt),
          )
          .map((t) => t.tenantId);
        if (done.length === tenants.length || Date.now() - started > GIVE_UP_MS) {
          setWaiting(undefined);
          return;
        }
        setWaiting({ requestedAt, tenants, done });
        timer.current = setTimeout(() => void poll(), POLL_MS);
      };
      timer.current = setTimeout(() => void poll(), POLL_MS);
    },
    [client, onRuns],
  );

  return { waiting, wait };
}
