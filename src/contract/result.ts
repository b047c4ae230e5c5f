/**
 * The envelope every resolver answers with, on Forge and on the local host page alike. A resolver
 * never throws to the UI for a known problem: it answers `{ ok: false, error }` with a code the UI
 * can act on and a message a person can read. Never a stack trace, never a secret.
 */
import { z } from 'zod';
import { plainMessage } from './plain-messages';

export const RESOLVER_ERROR_CODES = [
  /** The caller lacks the right (project admin for settings, issue visibility for the panel). */
  'FORBIDDEN',
  /** The payload failed its schema; `fieldErrors` says which field and why. */
  'INVALID_INPUT',
  /** A tenant, alert or issue named in the payload does not exist. */
  'NOT_FOUND',
  /** Something the action needs is not set up yet (no project config, no AbuseIPDB key). */
  'NOT_CONFIGURED',
  /** A stored token or key was refused by the service it belongs to. */
  'CREDENTIALS',
  /** A service asked us to wait; `retryAt` says until when. */
  'RATE_LIMITED',
  /** A service could not be reached or kept failing. */
  'UNAVAILABLE',
  /** The action clashes with what is stored (e.g. a tenant id already in use). */
  'CONFLICT',
  /** Anything else. The details are in the app's logs, not in the answer. */
  'INTERNAL',
] as const;
export const ResolverErrorCode = z.enum(RESOLVER_ERROR_CODES);
export type ResolverErrorCode = z.infer<typeof ResolverErrorCode>;

export const ResolverError = z
  .object({
    code: ResolverErrorCode,
    message: z.string().max(2000),
    /** Payload path ("tenant.url", "config.rules.0.name") → what is wrong with it. */
    fieldErrors: z.record(z.string().max(300), z.string().max(500)).optional(),
    /** Unix ms when a rate limit or quota resets, for RATE_LIMITED. */
    retryAt: z.number().int().optional(),
  })
  .strict();
export type ResolverError = z.infer<typeof ResolverError>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

/** The schema of a resolver's whole answer, for the UI client to parse what it receives. */
export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }).strict(),
    z.object({ ok: z.literal(false), error: ResolverError }).strict(),
  ]);
}

export function success<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function failure<T = never>(
  code: ResolverErrorCode,
  message: string,
  extra: Pick<ResolverError, 'fieldErrors' | 'retryAt'> = {},
): Result<T> {
  return { ok: false, error: { code, message, ...extra } };
}

/** Zod issues as `path → message`, the shape forms show next to each field. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const paths =
      unknownKeys.length > 0
        ? unknownKeys.map((key) => [...issue.path, key].join('.'))
        : [issue.path.join('.') || '(payload)'];
    const message =
      unknownKeys.length > 0 ? 'is not a field this form accepts' : plainMessage(issue);
    for (const path of paths) fieldErrors[path] ??= message;
  }
  return fieldErrors;
}

/** A resolver's request and response schemas. */
export interface ResolverSpec<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
}

export function resolverSpec<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): ResolverSpec<Req, Res> {
  return { request, response };
}

/** Bounded strings: every string a resolver accepts has a maximum length. */
export const shortString = (max = 200) => z.string().trim().min(1).max(max);

export const EmptyRequest = z.object({}).strict();
