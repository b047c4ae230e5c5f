/**
 * The Forge queue, played in-process: each pushed event runs `runQueuedSync` (the same worker code
 * Forge runs) after its delay, one at a time per concurrency key, as the Forge consumer's
 * `concurrency: { key, limit: 1 }` does. `idle()` lets tests wait until every event has run.
 */
import type { Logger, Queue, QueueEvent } from '../../src/ports';
import type { WorkerDeps } from '../../src/sync/index';
import { runQueuedSync } from '../../src/sync/index';
import type { SyncDeps } from '../../src/sync/index';

export interface LocalQueue extends Queue {
  /** Resolves when no event is waiting or running. */
  idle(): Promise<void>;
  /** Drops delayed events that have not started yet. */
  close(): void;
}

export function createLocalQueue(deps: SyncDeps, logger: Logger): LocalQueue {
  const chains = new Map<string, Promise<void>>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const pending = new Set<Promise<void>>();

  const queue: LocalQueue = {
    push(events: QueueEvent[]) {
      for (const event of events) schedule(event);
      return Promise.resolve();
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  const worker: WorkerDeps = { ...deps, queue };

  function schedule(event: QueueEvent): void {
    const key = event.concurrencyKey ?? 'default';
    const done = new Promise<void>((resolve) => {
      const start = () => {
        const previous = chains.get(key) ?? Promise.resolve();
        const run = previous.then(async () => {
          try {
            await runQueuedSync(event.body, worker);
          } catch (error) {
            logger.error('local queue event failed', {
              message: error instanceof Error ? error.message : String(error),
            });
          }
        });
        chains.set(key, run);
        void run.then(resolve);
      };
      const delayMs = (event.delaySeconds ?? 0) * 1000;
      if (delayMs === 0) {
        start();
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        start();
      }, delayMs);
      timer.unref();
      timers.add(timer);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  }

  return queue;
}
