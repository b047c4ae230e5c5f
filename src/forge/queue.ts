/**
 * The Queue port on `@forge/events`. Forge accepts at most 50 events per push and delays of at
 * most 900 s; events sharing a concurrency key run one at a time (one tenant, one sync).
 */
import type { PushEvent } from '@forge/events';
import { Queue as ForgeQueue } from '@forge/events';
import type { Queue, QueueEvent } from '../ports';

/** The queue the scheduler, "Sync now" and retries push to and the worker consumes. */
export const SYNC_QUEUE_KEY = 'tenant-sync';
const MAX_EVENTS_PER_PUSH = 50;
const MAX_DELAY_SECONDS = 900;

function toPushEvent(event: QueueEvent): PushEvent {
  return {
    body: event.body,
    ...(event.delaySeconds !== undefined
      ? {
          delayInSeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(event.delaySeconds))),
        }
      : {}),
    ...(event.concurrencyKey ? { concurrency: { key: event.concurrencyKey, limit: 1 } } : {}),
  };
}

export function createForgeQueue(key: string = SYNC_QUEUE_KEY): Queue {
  const queue = new ForgeQueue({ key });
  return {
    async push(events) {
      for (let start = 0; start < events.length; start += MAX_EVENTS_PER_PUSH) {
        await queue.push(events.slice(start, start + MAX_EVENTS_PER_PUSH).map(toPushEvent));
      }
    },
  };
}
