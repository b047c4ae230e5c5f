/**
 * One time limit for every call the Forge adapters make. Neither Forge's `fetch` nor
 * `requestJira` takes a timeout or an AbortSignal of its own, so the wait is raced against a timer:
 * a call that hangs must not hold a resolver past Forge's 25 s or the worker past its 900 s.
 */
import type { HttpResponse } from '../ports';
import { HttpTimeoutError } from '../ports';

/** Forge's outbound calls get this long when the caller names no shorter limit. */
export const FORGE_CALL_TIMEOUT_MS = 30_000;

/** An absolute instant (epoch ms) and who is waited for, for the error. */
export interface TimeLimit {
  host: string;
  timeoutMs: number;
  deadline: number;
}

export function timeLimit(host: string, timeoutMs: number | undefined): TimeLimit {
  const limit = timeoutMs ?? FORGE_CALL_TIMEOUT_MS;
  return { host, timeoutMs: limit, deadline: Date.now() + limit };
}

/** Settles as `work` does, or rejects with HttpTimeoutError at the limit's deadline. */
export async function beforeDeadline<T>(work: Promise<T>, limit: TimeLimit): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HttpTimeoutError(limit.host, limit.timeoutMs)),
      Math.max(0, limit.deadline - Date.now()),
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends under one limit that covers the headers and the body alike: a host that answers its
 * headers and then stalls the body is cut off at the same moment.
 */
export async function withinLimit(
  host: string,
  timeoutMs: number | undefined,
  send: () => Promise<HttpResponse>,
): Promise<HttpResponse> {
  const limit = timeLimit(host, timeoutMs);
  const response = await beforeDeadline(send(), limit);
  return {
    status: response.status,
    headers: response.headers,
    text: () => beforeDeadline(response.text(), limit),
  };
}
