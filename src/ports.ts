/**
 * The ports: every piece of I/O the app does goes through one of these interfaces. `src/forge`
 * implements them on the Forge platform, `sandbox/adapters` on plain Node; everything else is
 * written against them and never learns where it runs.
 */
import type { z } from 'zod';

/** The part of a fetch Response the clients read. Node's fetch and Forge's fetch both fit. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpInit {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string | undefined;
  /**
   * Longest the whole exchange (headers and body) may take; past it the adapter throws
   * HttpTimeoutError. Adapters default to their own budget (30 s) when it is absent.
   */
  timeoutMs?: number | undefined;
}

/** A fetch-shaped function: `fetch` itself satisfies it. */
export type Http = (url: string, init: HttpInit) => Promise<HttpResponse>;

/**
 * A Jira REST path built with the `jiraRoute` tag (src/clients/jira-route.ts): the literal parts
 * and the interpolated values are kept apart so the Forge adapter can hand them to the Forge API's
 * own `route` tag (which escapes values) and the Node adapter can escape them the same way.
 */
export interface JiraRoute {
  readonly strings: readonly string[];
  readonly values: readonly (string | number)[];
}

/** Who a Jira call acts as: the app itself, or the user behind a resolver call. */
export type JiraActor = 'app' | 'user';

export interface JiraTransport {
  request(
    route: JiraRoute,
    init: {
      method: HttpInit['method'];
      body?: string | undefined;
      as?: JiraActor | undefined;
      timeoutMs?: number | undefined;
    },
  ): Promise<HttpResponse>;
}

/**
 * What every adapter throws when an exchange outlasts its `timeoutMs`. It names the host (never
 * the path's values, the query or a header) and the time waited, so the message can be shown as
 * it is: "contoso.portal.cloudappsecurity.com did not answer within 8 s".
 */
export class HttpTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly host: string,
    readonly timeoutMs: number,
  ) {
    super(`${host} did not answer within ${formatDuration(timeoutMs)}`);
    this.name = 'HttpTimeoutError';
  }
}

/** "8 s", "1.5 s" or "50 ms": how long was waited, as a person reads it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  return `${Math.round(ms / 100) / 10} s`;
}

/** The host of a URL, for messages; never its path, query or credentials. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'an invalid URL';
  }
}

export interface StoredEntry<T> {
  key: string;
  value: T;
}

/**
 * Keys per batch request: Forge documents at most 25 keys per `batchSet`/`batchGet`
 * (https://developer.atlassian.com/platform/forge/storage-reference/entities-batch/, "Each batch
 * operation can contain a maximum of 25 keys"). 25 claims or issue records (≈ 300 bytes each)
 * stay under the 10 KB that one request counts for against the per-minute limits.
 */
export const STORE_BATCH_LIMIT = 25;

/** One value of a batch write. */
export interface StoreWrite {
  key: string;
  value: unknown;
  ttlSeconds?: number;
}

/**
 * Key-value storage with secrets kept apart. Every read is parsed with the caller's zod schema,
 * because stored values outlive the code version that wrote them.
 */
export interface Store {
  /** Absent → undefined. Present but not matching the schema → throws StoredValueInvalidError. */
  get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  set(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<void>;
  /** Create-if-absent: true when this call created the key, false when it already existed. */
  setIfAbsent(key: string, value: unknown): Promise<boolean>;
  /**
   * Writes many values in as few storage requests as the platform allows (Forge: `kvs.batchSet`,
   * 20 keys a request). Not atomic and in no guaranteed order: when it throws, any of the entries
   * may or may not have been written, so a caller writes what depends on them afterwards.
   * Each key at most once per call.
   */
  setMany(entries: StoreWrite[]): Promise<void>;
  /** Many keys at once (Forge: `kvs.batchGet`); absent keys are absent from the map. */
  getMany<T>(keys: string[], schema: z.ZodType<T>): Promise<Map<string, T>>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, in key order, one page at a time. Invalid values are skipped. */
  query<T>(
    prefix: string,
    schema: z.ZodType<T>,
    options?: { limit?: number | undefined; cursor?: string | undefined },
  ): Promise<{ entries: StoredEntry<T>[]; cursor?: string }>;
  getSecret(key: string): Promise<string | undefined>;
  setSecret(key: string, value: string): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

export class StoredValueInvalidError extends Error {
  constructor(
    readonly key: string,
    readonly issues: string,
  ) {
    super(`Stored value at "${key}" does not match its schema: ${issues}`);
    this.name = 'StoredValueInvalidError';
  }
}

/**
 * Storage kept refusing (rate limit) or failing (5xx) after the adapter's own retries. Nothing is
 * wrong with the data: the work should continue later, after `retryAfterMs`, not fail.
 */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

export interface QueueEvent {
  body: Record<string, unknown>;
  /** Seconds before delivery, at most 900 on Forge. */
  delaySeconds?: number;
  /** Events with the same key run one at a time (Forge `concurrency: { key, limit: 1 }`). */
  concurrencyKey?: string;
}

export interface Queue {
  push(events: QueueEvent[]): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type LogFields = Record<string, string | number | boolean | undefined>;

/** One external call (one attempt), for a tally: how long it took and whether it failed. */
export interface ExternalCall {
  service: string;
  durationMs: number;
  failed: boolean;
}

/** Structured log lines. Never pass headers, tokens, keys or request bodies. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * Every external call, for a logger that sums them into one line per page (the worker's); a
   * logger without it drops them. Only failures also get a line of their own.
   */
  count?(call: ExternalCall): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Atlassian's personal-data reporting API (`privacy.reportPersonalData` on Forge): takes the
 * account ids the app stores, with when it stored them, and answers those whose data must be
 * refreshed (`updated`) or erased (`closed`). Accounts it does not name need nothing.
 */
export interface PersonalDataReporter {
  report(
    accounts: Array<{ accountId: string; updatedAt: string }>,
  ): Promise<Array<{ accountId: string; status: 'updated' | 'closed' }>>;
}
