/**
 * The plumbing every client's `request()` shares: one HTTP exchange with its body read inside
 * the retried section, and tolerant JSON parsing. A call that goes well is only counted
 * (`Logger.count`: the worker sums them into one line per page, since Forge keeps 1,500 lines of
 * a 900 s invocation); a failed one (no answer, or HTTP 4xx/5xx) gets a line of its own with the
 * method, host, path without its query, status and duration: never headers (credentials), query
 * values or bodies (alert and issue data).
 */
import type { z } from 'zod';
import type { Clock, HttpResponse, Logger } from '../ports';
import type { Service } from './errors';
import { networkFailureReason } from './retry';

export interface ExchangeLog {
  service: Service;
  method: string;
  /** Host only, for failure lines; Forge's `requestJira` has none, so Jira's is absent. */
  host?: string;
  /** Path only; `withoutQuery` strips anything after `?`. */
  path: string;
  clock: Clock;
  logger: Logger;
}

/**
 * Sends once, logs the outcome and returns the response with its body already read, so a
 * connection dropped mid-body counts as a failed attempt that `sendWithRetry` retries.
 */
export async function loggedExchange(
  send: () => Promise<HttpResponse>,
  log: ExchangeLog,
): Promise<HttpResponse> {
  const { service, method, host, path, clock, logger } = log;
  const where = { service, method, ...(host !== undefined ? { host } : {}), path };
  const startedAt = clock.now();
  try {
    const response = await send();
    const body = await response.text();
    const durationMs = clock.now() - startedAt;
    const failed = response.status >= 400;
    logger.count?.({ service, durationMs, failed });
    if (failed) {
      logger.warn('external call failed', { ...where, status: response.status, durationMs });
    }
    return {
      status: response.status,
      headers: response.headers,
      text: () => Promise.resolve(body),
    };
  } catch (error) {
    const durationMs = clock.now() - startedAt;
    logger.count?.({ service, durationMs, failed: true });
    logger.warn('external call failed', {
      ...where,
      reason: networkFailureReason(error),
      durationMs,
    });
    throw error;
  }
}

export function withoutQuery(pathOrUrl: string): string {
  const cut = pathOrUrl.search(/[?#]/);
  return cut === -1 ? pathOrUrl : pathOrUrl.slice(0, cut);
}

export type JsonParse = { ok: true; value: unknown } | { ok: false };

export function parseJson(text: string): JsonParse {
  if (text.trim() === '') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** JSON parsed and checked against a schema; undefined when the text is not JSON or not that shape. */
export function parseJsonAs<T>(text: string, schema: z.ZodType<T>): T | undefined {
  const json = parseJson(text);
  if (!json.ok) return undefined;
  const parsed = schema.safeParse(json.value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Where a schema mismatch is, without the offending values (they may be alert data): the paths
 * of the first few issues, e.g. `data[3].abuseConfidenceScore`.
 */
export function describeSchemaMismatch(error: z.ZodError): string {
  const paths = error.issues.slice(0, 3).map((issue) => formatPath(issue.path) || '(root)');
  return paths.join(', ');
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** `: <detail>` without its closing full stop, for "… (HTTP 400): detail." sentences; '' if none. */
export function withDetail(detail: string | undefined): string {
  if (detail === undefined) return '';
  const trimmed = detail.trim().replace(/[.\s]+$/, '');
  return trimmed === '' ? '' : `: ${trimmed}`;
}
