/** `@forge/events` `Queue` that records pushes; tests deliver them to the worker themselves. */
import type * as ForgeEvents from '@forge/events';
import type { PushEvent } from '@forge/events';
import { copy, platform } from './platform';

const MAX_EVENTS_PER_PUSH = 50;

class Queue {
  private readonly key: string;

  constructor(params: { key: string }) {
    this.key = params.key;
  }

  push(events: PushEvent | PushEvent[]) {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0 || list.length > MAX_EVENTS_PER_PUSH) {
      return Promise.reject(new Error(`push takes 1 to ${MAX_EVENTS_PER_PUSH} events`));
    }
    for (const event of list) {
      if ((event.delayInSeconds ?? 0) > 900) return Promise.reject(new Error('delay over 900 s'));
      platform.pushed.push({ queueKey: this.key, event: copy(event) });
    }
    return Promise.resolve({ jobId: `job-${platform.pushed.length}` });
  }
}

const actual = jest.requireActual<typeof ForgeEvents>('@forge/events');

/** The retry types are plain values (no platform call): the real ones are kept. */
export const forgeEventsModule = {
  __esModule: true,
  Queue,
  InvocationError: actual.InvocationError,
  InvocationErrorCode: actual.InvocationErrorCode,
};
