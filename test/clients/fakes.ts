/**
 * Test doubles for the client tests: a clock whose sleeps are recorded and never waited, an Http
 * and a JiraTransport that record each call and play scripted answers, a logger that keeps its
 * lines, and the real vendor payloads from the shared reference.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Clock,
  Http,
  HttpInit,
  HttpResponse,
  JiraActor,
  JiraRoute,
  JiraTransport,
  LogFields,
  Logger,
} from '../../src/ports';

const PAYLOADS = join(__dirname, '../fixtures/payloads');

export function payload(name: string): unknown {
  return JSON.parse(readFileSync(join(PAYLOADS, name), 'utf8')) as unknown;
}

export const START = Date.UTC(2026, 2, 1, 12, 0, 0);

export interface FakeClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
}

/** Starts at START; `sleep` records the wait and moves time on at once. */
export function fakeClock(start = START): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** A scripted answer: a response, or an error the call throws (a dropped connection). */
export type Script = HttpResponse | Error;

export function answer(
  status: number,
  body: unknown = '',
  headers: Record<string, string> = {},
): HttpResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const lower = new Map(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    status,
    headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
    text: () => Promise.resolve(text),
  };
}

/** What Node's fetch throws for a reset connection: a TypeError with the system error as cause. */
export function connectionReset(): Error {
  const cause = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  return new TypeError('fetch failed', { cause });
}

function next(script: Script[], what: string): Promise<HttpResponse> {
  const item = script.shift();
  if (item === undefined) return Promise.reject(new Error(`${what}: no scripted answer left`));
  return item instanceof Error ? Promise.reject(item) : Promise.resolve(item);
}

export interface HttpCall {
  url: string;
  init: HttpInit;
}

export function fakeHttp(...script: Script[]): Http & { calls: HttpCall[]; script: Script[] } {
  const calls: HttpCall[] = [];
  const http = (url: string, init: HttpInit): Promise<HttpResponse> => {
    calls.push({ url, init });
    return next(script, 'fake http');
  };
  return Object.assign(http, { calls, script });
}

export interface JiraCall {
  route: JiraRoute;
  method: HttpInit['method'];
  body?: unknown;
  as?: JiraActor | undefined;
}

export function fakeJira(...script: Script[]): JiraTransport & { calls: JiraCall[] } {
  const calls: JiraCall[] = [];
  return {
    calls,
    request(route, init) {
      calls.push({
        route,
        method: init.method,
        as: init.as,
        ...(init.body !== undefined ? { body: JSON.parse(init.body) as unknown } : {}),
      });
      return next(script, 'fake jira');
    },
  };
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: LogFields;
}

export function recordingLogger(): Logger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const log =
    (level: LogLine['level']) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return {
    lines,
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    text: () => JSON.stringify(lines),
  };
}

/** The message of whatever `promise` rejects with, plus the error itself for typed checks. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error });
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/** A retry policy without jitter surprises: tests pass `random: () => 1` for the ceiling. */
export const TEST_POLICY = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  maxWaitMs: 5_000,
};
